import { DataSource, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

type Row = Record<string, unknown>;
type Reader = (sql: string, params: unknown[]) => Promise<Row[]>;

const readers = new WeakMap<DataSource, Reader>();

/** the parts of better-sqlite3 used here (the library TypeORM's driver loaded: `driver.sqlite`) */
interface SqliteStatement {
  all(...params: unknown[]): unknown[];
}
interface SqliteConnection {
  prepare(sql: string): SqliteStatement;
  close(): void;
}
/** the mysql2 pool TypeORM's MySQL driver made (`driver.pool`) */
interface MysqlPool {
  execute(sql: string, params: unknown[], cb: (err: Error | null, rows: unknown) => void): void;
}
type SqliteOpen = new (file: string, options: { readonly: boolean; fileMustExist: boolean; timeout: number }) => SqliteConnection;

/**
 * How hot reads reach the database. MySQL/MariaDB: the pool, as prepared statements (mysql2 keeps them per
 * connection). SQLite (a file): a second, read-only connection
 * to the same file in WAL mode, its prepared statements kept by SQL text. It sees committed data only, like
 * any reader that queues behind the shared connection's transactions (unit-of-work.ts), so it needs no
 * place in that queue. An in-memory SQLite database has no second connection: its reads take the queue.
 */
function readerOf(db: DataSource): Reader {
  let reader = readers.get(db);
  if (reader) return reader;
  const file = db.options.type === 'better-sqlite3' ? String(db.options.database) : '';
  if (file && file !== ':memory:') {
    const Open = (db.driver as unknown as { sqlite: SqliteOpen }).sqlite;
    const conn = new Open(file, { readonly: true, fileMustExist: true, timeout: 5000 });
    const statements = new Map<string, SqliteStatement>();
    reader = async (sql, params) => {
      let st = statements.get(sql);
      if (!st) statements.set(sql, (st = conn.prepare(sql)));
      return st.all(...params) as Row[];
    };
    // closed with the app's DataSource
    const destroy = db.destroy.bind(db);
    db.destroy = async () => {
      conn.close();
      readers.delete(db);
      return destroy();
    };
  } else if (db.options.type === 'mysql') {
    // server-side prepared statements, kept per pooled connection by mysql2 (no TypeORM query runner per read)
    const pool = (db.driver as unknown as { pool: MysqlPool }).pool;
    reader = (sql, params) => new Promise((resolve, reject) => pool.execute(sql, params, (err, rows) => (err ? reject(err) : resolve(rows as Row[]))));
  } else {
    reader = (sql, params) => db.query(sql, params) as Promise<Row[]>;
  }
  readers.set(db, reader);
  return reader;
}

/**
 * A SELECT of some columns of one entity's table, answered as plain objects with the column values converted
 * the way TypeORM converts them (dates, booleans, JSON) — but with no entity objects, no query builder and no
 * statement queue: bench/api showed those cost more than the query on the polling and list endpoints.
 *
 *   const q = new PlainSelect(db, Task, ['jobId', 'status']);
 *   await q.rows(`WHERE ${q.col('userId')} = ? ORDER BY ${q.col('id')} DESC LIMIT 20`, [userId]);
 */
export class PlainSelect<T extends ObjectLiteral, K extends keyof T & string> {
  private readonly meta: EntityMetadata;
  private readonly columns: ColumnMetadata[];
  private readonly head: string;

  constructor(
    private readonly db: DataSource,
    entity: EntityTarget<T>,
    props: readonly K[],
  ) {
    const meta = (this.meta = db.getMetadata(entity));
    this.columns = props.map(p => {
      const c = meta.findColumnWithPropertyName(p);
      if (!c) throw new Error(`[plain-select] ${meta.name} has no column ${p}`);
      return c;
    });
    const q = (s: string) => db.driver.escape(s);
    this.head = `SELECT ${this.columns.map(c => `${q(c.databaseName)} AS ${q(c.propertyName)}`).join(', ')} FROM ${q(meta.tableName)} `;
  }

  /** a column's name, escaped, for the WHERE / ORDER BY part */
  col(prop: keyof T & string): string {
    const c = this.meta.findColumnWithPropertyName(prop);
    if (!c) throw new Error(`[plain-select] ${this.meta.name} has no column ${prop}`);
    return this.db.driver.escape(c.databaseName);
  }

  /** COUNT(*) of the rows `where` picks (the same WHERE as for rows()) */
  async count(where: string, params: unknown[]): Promise<number> {
    const raw = await readerOf(this.db)(`SELECT COUNT(*) AS n FROM ${this.db.driver.escape(this.meta.tableName)} ${where}`, params);
    return Number(raw[0]?.n ?? 0);
  }

  /** `tail` follows `SELECT <columns> FROM <table>`: WHERE, ORDER BY, LIMIT, with `?` placeholders */
  async rows(tail: string, params: unknown[]): Promise<Array<Pick<T, K>>> {
    const raw = await readerOf(this.db)(this.head + tail, params);
    return raw.map(r => this.hydrate(r));
  }

  /**
   * For a join written by hand (`plainJoin`): the table's escaped name, and the columns as `<alias>.<column> AS
   * <prefix><property>`, so two tables' columns can share one row.
   */
  table(): string {
    return this.db.driver.escape(this.meta.tableName);
  }

  list(alias: string, prefix: string): string {
    const q = (s: string) => this.db.driver.escape(s);
    return this.columns.map(c => `${alias}.${q(c.databaseName)} AS ${q(prefix + c.propertyName)}`).join(', ');
  }

  /** one raw row's columns (named `<prefix><property>`) converted as rows() converts them */
  hydrate(raw: Row, prefix = ''): Pick<T, K> {
    const out: Row = {};
    for (const c of this.columns) out[c.propertyName] = this.db.driver.prepareHydratedValue(raw[prefix + c.propertyName], c);
    return out as Pick<T, K>;
  }
}

/** Runs a SELECT built from PlainSelect parts (`table()`, `list()`) the way rows() runs its own; raw rows back. */
export function plainJoin(db: DataSource, sql: string, params: unknown[]): Promise<Row[]> {
  return readerOf(db)(sql, params);
}
