import { close, createApp, createHttpRequest } from '@midwayjs/mock';
import { Framework, Application } from '@midwayjs/koa';
import { join } from 'path';

export type App = Application;

/**
 * On MariaDB (DB_TYPE=mysql) each test file gets its own database, named after the run's (`DB_NAME`), made at
 * its first app and kept for the file's later apps (a restart test reads what the first app wrote; tests that
 * load this module again in a fresh registry find the name in the file's own `process.env`). Rows one file
 * leaves behind, such as tasks still at a provider when its app stopped, must not count against another file's
 * provider slots or be picked up by its worker. `npm test` drops the run's databases at the end.
 */
async function useFileDatabase() {
  if (process.env.DB_TYPE !== 'mysql' || process.env.TEST_FILE_DATABASE) return;
  const mysql = await import('mysql2/promise');
  const { databaseOptions } = await import('../../src/config/database');
  const o = databaseOptions() as { host: string; port: number; username: string; password: string; database: string };
  const name = `${o.database}_f${process.pid % 100000}_${Date.now() % 1e7}`.slice(0, 64);
  const conn = await mysql.createConnection({ host: o.host, port: o.port, user: o.username, password: o.password });
  try {
    await conn.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await conn.end();
  }
  process.env.DB_NAME = name;
  process.env.TEST_FILE_DATABASE = name;
}

/**
 * One app per test file (Midway registers decorated classes once per module registry, so a second app in the
 * same file would have no routes). `env` is applied before the app (and its config) loads, and restored after close.
 */
export async function startApp(env: Record<string, string | undefined> = {}): Promise<App> {
  await useFileDatabase();
  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(env)) {
    saved[k] = process.env[k];
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  try {
    const app = await createApp<Framework>(join(__dirname, '..', '..'), { cleanLogsDir: false, cleanTempDir: false });
    (app as unknown as { __savedEnv: typeof saved }).__savedEnv = saved;
    return app;
  } catch (e) {
    console.error('startApp failed', e);
    throw e;
  }
}

export async function stopApp(app: App | undefined) {
  if (!app) return;
  const saved = (app as unknown as { __savedEnv?: Record<string, string | undefined> }).__savedEnv ?? {};
  await close(app);
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
}

export const http = (app: App) => createHttpRequest(app);

let counter = 0;
/** A fresh valid mainland mobile number per call (unique across runs sharing a MariaDB database). */
export function freshPhone(): string {
  counter += 1;
  const seed = (Date.now() % 1e6) * 100 + (process.pid % 100) + counter * 7919;
  return `13${String(seed % 1e9).padStart(9, '0')}`;
}

/** The app's TypeORM DataSource, for asserting what was (not) written. */
export async function dataSource(app: App) {
  const { TypeORMDataSourceManager } = await import('@midwayjs/typeorm');
  const manager = await app.getApplicationContext().getAsync(TypeORMDataSourceManager);
  return manager.getDataSource('default');
}
