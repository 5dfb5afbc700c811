/**
 * The unit of work: how every transaction in the app runs, per database (`unitOfWork()`, or the injectable
 * `UnitOfWork`; the credit ledger runs its own operations through it too, via CreditService.transaction).
 *
 * MySQL/MariaDB: each unit is one transaction at READ COMMITTED; a deadlock or lock-wait timeout (errno
 * 1213 / 1205) retries the whole unit. The ledger's operations first lock the account row
 * (`SELECT … FOR UPDATE` on user) and then read the account's lots and hold with locking reads, so
 * every read sees the latest committed state and all writes to one account are serialized by that row
 * lock (lock order: user → hold → lots, everywhere, so no lock cycles within one account). Balance
 * writes are additionally guarded (`UPDATE … WHERE credits + :d >= 0`, affected must be 1) and the
 * lots have a CHECK constraint: backstops, not the mechanism. (A plain SELECT-then-UPDATE loses updates under
 * REPEATABLE READ: measured on MariaDB 10.11 with 200 concurrent spends.)
 *
 * SQLite (better-sqlite3): TypeORM 0.3 gives the driver ONE query runner shared by every
 * `dataSource.transaction()`. Two concurrent calls both send BEGIN (the depth counter is bumped only
 * after the await), the second fails with "cannot start a transaction within a transaction" and its
 * ROLLBACK ends the FIRST one's transaction; staggered calls turn into mismatched SAVEPOINTs instead
 * (one transaction's commit releases another's savepoint). So every unit of work in this process
 * runs through one async mutex per DataSource. Every transaction in the app goes through
 * `unitOfWork()`, and `serializeSqliteStatements()` queues every
 * statement issued outside a transaction on the same mutex, so nothing interleaves with an open one.
 * SQLite is the single-instance embedded default; several processes writing one file are not supported.
 */
import { Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectDataSource } from '@midwayjs/typeorm';
import { AsyncLocalStorage } from 'async_hooks';
import { DataSource, EntityManager } from 'typeorm';

class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn);
    this.tail = result.then(
      () => undefined,
      () => undefined, // the caller gets the error from `result`; the queue just moves on
    );
    return result;
  }
}

const mutexes = new WeakMap<DataSource, Mutex>();
/** which DataSource's mutex the current async context holds (so nested calls do not wait on themselves) */
const holding = new AsyncLocalStorage<DataSource>();

export function isSqlite(db: DataSource): boolean {
  return db.options.type === 'better-sqlite3' || db.options.type === 'sqlite';
}

function mutexOf(db: DataSource): Mutex {
  let m = mutexes.get(db);
  if (!m) {
    m = new Mutex();
    mutexes.set(db, m);
  }
  return m;
}

/** Serialize `fn` with every other unit of work of this process when the database is SQLite. */
export function sqliteSerialized<T>(db: DataSource, fn: () => Promise<T>): Promise<T> {
  if (!isSqlite(db) || holding.getStore() === db) return fn();
  return mutexOf(db).run(() => holding.run(db, fn));
}

/**
 * SQLite only: route every statement issued OUTSIDE a serialized transaction through the same mutex, so a
 * plain write (a task status update, an SMS code) never lands inside someone else's open transaction on
 * the shared connection — where a ROLLBACK of that transaction would silently undo it. Statements issued
 * inside a transaction (same async context) run directly. Called once at start.
 */
export function serializeSqliteStatements(db: DataSource): void {
  if (!isSqlite(db)) return;
  const runner = db.driver.createQueryRunner('master') as { query: (...args: unknown[]) => Promise<unknown>; __serialized?: boolean };
  if (runner.__serialized) return;
  const query = runner.query.bind(runner);
  runner.query = (...args: unknown[]) => sqliteSerialized(db, () => query(...args));
  runner.__serialized = true;
}

/** MySQL/MariaDB deadlock (1213) or lock wait timeout (1205), or SQLSTATE 40001. */
export function isRetryableLockError(e: unknown): boolean {
  const err = (e ?? {}) as { errno?: number; sqlState?: string; driverError?: { errno?: number; sqlState?: string } };
  const d = err.driverError ?? err;
  return d.errno === 1213 || d.errno === 1205 || d.sqlState === '40001';
}

/** true when `em` is bound to a transaction that is open right now (a caller's transaction to join). */
export function inTransaction(em: EntityManager | undefined): em is EntityManager {
  return !!em?.queryRunner?.isTransactionActive;
}

/**
 * Run `fn` in a transaction. With a caller's transactional EntityManager, join it through a
 * SAVEPOINT (a failure of ours rolls back only our part; the caller decides about the rest). Otherwise
 * open our own: serialized on SQLite, READ COMMITTED with deadlock retry on MySQL.
 */
export async function unitOfWork<T>(db: DataSource, fn: (em: EntityManager) => Promise<T>, em?: EntityManager): Promise<T> {
  if (inTransaction(em)) return em.transaction(fn);
  if (isSqlite(db)) return sqliteSerialized(db, () => db.transaction(fn));
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction('READ COMMITTED', fn);
    } catch (e) {
      if (attempt >= 4 || !isRetryableLockError(e)) throw e;
      await new Promise(r => setTimeout(r, 5 * attempt + Math.floor(Math.random() * 10)));
    }
  }
}

/** unitOfWork() on the app's DataSource, for services. */
@Provide()
@Scope(ScopeEnum.Singleton)
export class UnitOfWork {
  @InjectDataSource()
  db: DataSource;

  run<T>(fn: (em: EntityManager) => Promise<T>, em?: EntityManager): Promise<T> {
    return unitOfWork(this.db, fn, em);
  }
}
