import type { Kysely } from "kysely";
import { type Dialect, idColumn } from "../engines.ts";

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable("imports")
    .addColumn("id", idColumn(dialect), (c) => c.primaryKey())
    .addColumn("format", "text", (c) => c.notNull())
    .addColumn("feed", "text", (c) => c.notNull())
    .addColumn("file_name", "text", (c) => c.notNull())
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("imported_at", "bigint", (c) => c.notNull())
    .addColumn("records", "integer", (c) => c.notNull())
    .addColumn("skipped", "integer", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("imports_by_hash")
    .on("imports")
    .columns(["sha256", "format", "feed"])
    .execute();

  await db.schema
    .createTable("incidents")
    .addColumn("id", idColumn(dialect), (c) => c.primaryKey())
    .addColumn("feed", "text", (c) => c.notNull())
    .addColumn("external_id", "text", (c) => c.notNull())
    .addColumn("title", "text")
    .addColumn("severity", "text")
    .addColumn("status", "text")
    .addColumn("started_at", "bigint")
    .addColumn("detected_at", "bigint", (c) => c.notNull())
    .addColumn("reported_at", "bigint")
    .addColumn("acknowledged_at", "bigint")
    .addColumn("responded_at", "bigint")
    .addColumn("recovered_at", "bigint")
    .addColumn("closed_at", "bigint")
    .addColumn("synthetic", "integer", (c) => c.notNull())
    .addColumn("root_cause", "text")
    .addColumn("root_cause_category", "text")
    .addColumn("service", "text")
    .addColumn("owner", "text")
    .addColumn("attributes", "text", (c) => c.notNull())
    .addColumn("import_id", "integer", (c) => c.notNull().references("imports.id"))
    .addColumn("line", "integer", (c) => c.notNull())
    .addUniqueConstraint("incidents_identity", ["feed", "external_id"])
    .execute();
  await db.schema.createIndex("incidents_by_detected_at").on("incidents").column("detected_at").execute();

  await db.schema
    .createTable("alerts")
    .addColumn("id", idColumn(dialect), (c) => c.primaryKey())
    .addColumn("feed", "text", (c) => c.notNull())
    .addColumn("external_id", "text", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("severity", "text")
    .addColumn("source", "text")
    .addColumn("rule", "text")
    .addColumn("disposition", "text", (c) => c.notNull())
    .addColumn("triaged_at", "bigint")
    .addColumn("incident_id", "text")
    .addColumn("attributes", "text", (c) => c.notNull())
    .addColumn("import_id", "integer", (c) => c.notNull().references("imports.id"))
    .addColumn("line", "integer", (c) => c.notNull())
    .addUniqueConstraint("alerts_identity", ["feed", "external_id"])
    .execute();
  await db.schema.createIndex("alerts_by_created_at").on("alerts").column("created_at").execute();
}
