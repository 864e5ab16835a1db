import type { Kysely } from "kysely";
import { type Dialect, idColumn } from "../engines.ts";

/**
 * One row per run of a configured source, on schedule or by hand. A
 * scheduled run is claimed by its source and due instant before it starts:
 * the unique (source, due_at) lets one of several servers on a store run it
 * (a run by hand has no due_at, and NULLs never clash).
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable("source_runs")
    .addColumn("id", idColumn(dialect), (c) => c.primaryKey())
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("due_at", "bigint")
    .addColumn("started_at", "bigint", (c) => c.notNull())
    .addColumn("finished_at", "bigint")
    .addColumn("outcome", "text")
    .addColumn("imported", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("unchanged", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("records", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("error", "text")
    .addUniqueConstraint("source_runs_once", ["source", "due_at"])
    .execute();
  await db.schema.createIndex("source_runs_started").on("source_runs").column("started_at").execute();
}
