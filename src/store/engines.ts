/**
 * What differs between the engines apart from their drivers. Migrations
 * and writers load this rather than `dialect.ts`, so that listing the
 * catalog (whose packs declare migrations) loads no database driver.
 */
export type Dialect = "sqlite" | "postgres";

/** The only differences between the engines that the rest of the store sees. */
export function idColumn(dialect: Dialect): "integer" | "serial" {
  return dialect === "postgres" ? "serial" : "integer";
}

/** Rows per multi-row INSERT: well under SQLite's and PostgreSQL's bound-parameter limits. */
export const INSERT_BATCH_ROWS = 500;

/** A `postgres://` (or `postgresql://`) URL; anything else is a SQLite file path. */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}
