/**
 * Database error matching by errno / SQLSTATE (not by driver code strings, which mysql2 gets wrong for
 * some MariaDB errors, e.g. CHECK violation 4025).
 */
interface DriverError {
  errno?: number;
  sqlState?: string;
  code?: string;
  driverError?: DriverError;
}

function driver(e: unknown): DriverError {
  const err = (e ?? {}) as DriverError;
  return err.driverError ?? err;
}

/** MySQL/MariaDB ER_DUP_ENTRY 1062 (SQLSTATE 23000); SQLite SQLITE_CONSTRAINT_UNIQUE / PRIMARYKEY. */
export function isUniqueViolation(e: unknown): boolean {
  const d = driver(e);
  if (d.errno === 1062) return true;
  return d.code === 'SQLITE_CONSTRAINT_UNIQUE' || d.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** MySQL 3819 / MariaDB 4025 (CHECK constraint violated); SQLite SQLITE_CONSTRAINT_CHECK. */
export function isCheckViolation(e: unknown): boolean {
  const d = driver(e);
  if (d.errno === 3819 || d.errno === 4025) return true;
  return d.code === 'SQLITE_CONSTRAINT_CHECK';
}
