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
  // the same for the abuse limits: test files that exercise them set their own values through env
  limits: {
    userMaxActiveTasks: envInt('USER_MAX_ACTIVE_TASKS', 1000),
    userCreatesPerMinute: envInt('USER_CREATES_PER_MINUTE', 1000),
    authPerIpPerMinute: envInt('AUTH_PER_IP_PER_MINUTE', 10000),
    uploadsPerMinute: envInt('UPLOADS_PER_MINUTE', 10000),
    uploadsPerDay: envInt('UPLOADS_PER_DAY', 10000),
    imageJobsPerUser: envInt('IMAGE_JOBS_PER_USER', 1000),
    imageQueueMax: envInt('IMAGE_QUEUE_MAX', 1000),
  },
  // stopping an app (close(app)) waits this long for conversions before handing their leases back
  instance: { shutdownGraceSeconds: envInt('SHUTDOWN_GRACE_SECONDS', 2) },
  // quiet unless a test asks for more (the log-redaction test reads the info lines)
  midwayLogger: { default: { level: envStr('LOG_LEVEL', 'warn') as 'warn', consoleLevel: 'warn' } },
};
