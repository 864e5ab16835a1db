import type { Kysely } from "kysely";
import type { Dialect } from "../engines.ts";

/**
 * The options that shaped an import's records (`--target`, `--scanned-at`,
 * `--year`, `--log-format`), as JSON: the same file imported again with other
 * ones would store other records, so it must not pass for "already imported".
 * Null for imports recorded before this column, whose options are unknown.
 * Named to sort after the packs' migrations shipped before it.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable("imports").addColumn("options", "text").execute();
}
