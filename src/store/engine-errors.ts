/**
 * The engine errors the store turns into its own outcomes, recognised by the
 * drivers' codes (better-sqlite3's extended result codes, PostgreSQL's
 * SQLSTATE) rather than by their messages.
 */

/**
 * SQLite could not take a lock another connection holds: the write lock
 * (`SQLITE_BUSY`), or a snapshot that another writer made stale
 * (`SQLITE_BUSY_SNAPSHOT`). Either way nothing was written, and the whole
 * statement or transaction can run again.
 */
export function isBusy(error: unknown): boolean {
  return /^SQLITE_BUSY/.test(errorCode(error));
}

/** A unique index, as each engine names it in a violation: PostgreSQL by name, SQLite by its columns. */
export interface UniqueIndex {
  name: string;
  table: string;
  columns: readonly string[];
}

/** A row broke the unique index `index` (not another one of the table, such as its primary key). */
export function isUniqueViolation(error: unknown, index: UniqueIndex): boolean {
  const code = errorCode(error);
  if (code === "23505") return (error as { constraint?: unknown }).constraint === index.name;
  const columns = index.columns.map((column) => `${index.table}.${column}`).join(", ");
  return code === "SQLITE_CONSTRAINT_UNIQUE" && (error as Error).message.endsWith(`failed: ${columns}`);
}

/** A row broke one of its table's unique indexes, whichever (PostgreSQL). */
export function isAnyUniqueViolation(error: unknown): boolean {
  return errorCode(error) === "23505";
}

/** The statement names a table that does not exist (SQLite gives this no code of its own, only its message). */
export function isMissingTable(error: unknown): boolean {
  const code = errorCode(error);
  if (code === "42P01") return true;
  return code === "SQLITE_ERROR" && (error as Error).message.startsWith("no such table:");
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : "";
}
