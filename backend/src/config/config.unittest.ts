import { envStr } from './env';

/** jest: in-memory SQLite unless DB_PATH or DB_TYPE=mysql says otherwise; quiet logs. */
export default {
  typeorm: {
    dataSource: {
      default: envStr('DB_TYPE', 'sqlite') === 'mysql' ? {} : { database: envStr('DB_PATH', ':memory:') },
    },
  },
  midwayLogger: { default: { level: 'warn', consoleLevel: 'warn' } },
};
