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

/** A row broke a unique constraint or index (SQLite or PostgreSQL). */
export function isUniqueViolation(error: unknown): boolean {
  const code = errorCode(error);
  return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "23505";
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : "";
}
