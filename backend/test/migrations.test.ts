import 'reflect-metadata';
import * as path from 'path';
import { DataSource } from 'typeorm';
import { databaseOptions } from '../src/config/database';

/**
 * Production's schema comes from the migrations in src/migration (MySQL/MariaDB). On a fresh database they
 * must create every table and column the entities use. Runs in the MariaDB pass of `npm test`.
 */
const mysql = process.env.DB_TYPE === 'mysql';

(mysql ? describe : describe.skip)('migrations (MySQL/MariaDB)', () => {
  const base = databaseOptions() as { database: string } & Record<string, unknown>;
  const name = `${base.database}_mig`.slice(0, 60);
  let admin: DataSource;
  let ds: DataSource;

  beforeAll(async () => {
    admin = new DataSource({ ...(base as object), type: 'mysql', database: base.database, entities: [], migrations: [] } as never);
    await admin.initialize();
    await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    ds = new DataSource({
      ...(base as object),
      database: name,
      synchronize: false,
      entities: [path.join(__dirname, '..', 'src', 'entity', '*.entity.ts')],
      migrations: [path.join(__dirname, '..', 'src', 'migration', '*.ts')],
    } as never);
    await ds.initialize();
  });

  afterAll(async () => {
    await ds?.destroy();
    await admin?.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await admin?.destroy();
  });

  it('create every table and column the entities need', async () => {
    const applied = await ds.runMigrations({ transaction: 'each' });
    expect(applied.length).toBeGreaterThan(0);
    const missing: string[] = [];
    for (const meta of ds.entityMetadatas) {
      const rows: Array<{ COLUMN_NAME: string }> = await ds.query(
        'SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?',
        [name, meta.tableName],
      );
      const have = new Set(rows.map(r => r.COLUMN_NAME));
      if (have.size === 0) missing.push(`table ${meta.tableName}`);
      for (const col of meta.columns) if (have.size && !have.has(col.databaseName)) missing.push(`${meta.tableName}.${col.databaseName}`);
    }
    expect(missing).toEqual([]);
    expect(await ds.runMigrations()).toEqual([]); // nothing left to apply
  });
});
