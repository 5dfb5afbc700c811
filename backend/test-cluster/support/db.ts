/** The cluster's database as the test reads it (plain SQL through TypeORM's drivers: SQLite or MariaDB). */
import { DataSource } from 'typeorm';

export async function openDb(env: Record<string, string>): Promise<DataSource> {
  const ds =
    env.DB_TYPE === 'mysql'
      ? new DataSource({
          type: 'mysql',
          host: env.DB_HOST ?? '127.0.0.1',
          port: Number(env.DB_PORT ?? 3306),
          username: env.DB_USER ?? 'root',
          password: env.DB_PASSWORD ?? '',
          database: env.DB_NAME,
          timezone: 'Z',
        })
      : new DataSource({ type: 'better-sqlite3', database: env.DB_PATH!, readonly: true });
  return ds.initialize();
}

/** A datetime column as a Date (SQLite gives UTC text, MariaDB a Date). */
export function asDate(v: string | Date | null): Date | null {
  if (v === null) return null;
  return v instanceof Date ? v : new Date(v.replace(' ', 'T') + 'Z');
}
