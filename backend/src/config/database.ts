/**
 * Database options from the environment, shared by the app (config.default.ts) and the command-line tools
 * (migrations, ledger audit) so both always talk to the same database.
 */
import * as path from 'path';
import { dataDir, envBool, envInt, envStr, isProduction } from './env';

export type DbType = 'sqlite' | 'mysql';

export function dbType(): DbType {
  const t = envStr('DB_TYPE', 'sqlite');
  if (t !== 'sqlite' && t !== 'mysql') throw new Error(`[config] DB_TYPE must be "sqlite" or "mysql", got "${t}"`);
  return t;
}

export function databaseOptions() {
  const common = {
    // schema comes from migrations in production (npm run migrate); synchronize only locally and in tests
    synchronize: !isProduction && envBool('DB_SYNCHRONIZE', true),
    migrations: [path.join(__dirname, '..', 'migration', '*.{ts,js}')],
    logging: false,
  };
  if (dbType() === 'mysql') {
    return {
      ...common,
      type: 'mysql' as const,
      host: envStr('DB_HOST', '127.0.0.1'),
      port: envInt('DB_PORT', 3306),
      username: envStr('DB_USER', 'root'),
      password: envStr('DB_PASSWORD', ''),
      database: envStr('DB_NAME', 'biaoqing'),
      charset: 'utf8mb4_unicode_ci',
      timezone: 'Z',
      poolSize: envInt('DB_POOL_SIZE', 20),
    };
  }
  return {
    ...common,
    type: 'better-sqlite3' as const,
    database: envStr('DB_PATH', path.join(dataDir, 'app.sqlite')),
    // WAL: the hot reads' second, read-only connection (util/plain-select.ts) reads while a write is in progress
    enableWAL: true,
    // a writer waits this long for another one (the read connection never blocks it in WAL mode)
    timeout: 5000,
  };
}
