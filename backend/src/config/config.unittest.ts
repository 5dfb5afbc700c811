import { envInt, envStr } from './env';

/** jest: in-memory SQLite unless DB_PATH or DB_TYPE=mysql says otherwise; quiet logs. */
export default {
  typeorm: {
    dataSource: {
      default: envStr('DB_TYPE', 'sqlite') === 'mysql' ? {} : { database: envStr('DB_PATH', ':memory:') },
    },
  },
  // many test logins come from 127.0.0.1: the per-IP limit is tested with an explicit env value
  auth: { loginMaxPerIp: envInt('LOGIN_RATE_MAX_PER_IP', 10000) },
  midwayLogger: { default: { level: 'warn', consoleLevel: 'warn' } },
};
