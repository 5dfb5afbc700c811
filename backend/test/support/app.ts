import { close, createApp, createHttpRequest } from '@midwayjs/mock';
import { Framework, Application } from '@midwayjs/koa';
import { join } from 'path';

export type App = Application;

/**
 * One app per test file (Midway registers decorated classes once per module registry, so a second app in the
 * same file would have no routes). `env` is applied before the app (and its config) loads, and restored after close.
 * On MariaDB (DB_TYPE=mysql) every app shares the run's database, so tests use fresh phone numbers.
 */
export async function startApp(env: Record<string, string | undefined> = {}): Promise<App> {
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
