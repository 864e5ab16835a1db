import type { Kysely } from "kysely";
import type { Dialect } from "../engines.ts";

/**
 * Where each stream of a connector source stopped reading its API: the
 * position (the latest `updated_at` seen, or the API's own cursor) and the
 * ETag of the first page, so the next pull asks only for what changed. A
 * stream's row moves only once everything it pulled is imported.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable("connector_cursors")
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("stream", "text", (c) => c.notNull())
    .addColumn("position", "text")
    .addColumn("etag", "text")
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("connector_cursors_pkey", ["source", "stream"])
    .execute();
}
