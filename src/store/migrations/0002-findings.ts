import type { Kysely } from "kysely";
import { type Dialect, idColumn } from "../engines.ts";

/**
 * Scans, what each scan saw (sightings), and the finding occurrences derived
 * from them. Sightings are the raw data; occurrences are recomputed from the
 * sightings of a (target, tool) after every scan import, in the same
 * transaction, and are what the KPIs query.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable("scans")
    .addColumn("id", idColumn(dialect), (c) => c.primaryKey())
    .addColumn("feed", "text", (c) => c.notNull())
    .addColumn("external_id", "text", (c) => c.notNull())
    .addColumn("tool", "text", (c) => c.notNull())
    .addColumn("scan_type", "text", (c) => c.notNull())
    .addColumn("target", "text", (c) => c.notNull())
    .addColumn("scanned_at", "bigint", (c) => c.notNull())
    .addColumn("complete", "integer", (c) => c.notNull())
    .addColumn("findings", "integer", (c) => c.notNull())
    .addColumn("suppressed", "integer", (c) => c.notNull())
    .addColumn("import_id", "integer", (c) => c.notNull().references("imports.id"))
    .addColumn("line", "integer", (c) => c.notNull())
    .addUniqueConstraint("scans_identity", ["feed", "external_id"])
    .execute();
  await db.schema.createIndex("scans_by_target_tool").on("scans").columns(["target", "tool"]).execute();
  await db.schema.createIndex("scans_by_scanned_at").on("scans").column("scanned_at").execute();

  await db.schema
    .createTable("finding_sightings")
    .addColumn("id", idColumn(dialect), (c) => c.primaryKey())
    .addColumn("scan_id", "integer", (c) => c.notNull().references("scans.id"))
    .addColumn("identity", "text", (c) => c.notNull())
    .addColumn("vulnerability_id", "text", (c) => c.notNull())
    .addColumn("title", "text")
    .addColumn("severity", "text")
    .addColumn("category", "text", (c) => c.notNull())
    .addColumn("package_name", "text")
    .addColumn("package_version", "text")
    .addColumn("fixed_version", "text")
    .addColumn("location", "text")
    .addColumn("direct", "integer")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("status_reason", "text")
    .addColumn("own_created_at", "bigint")
    .addColumn("own_fixed_at", "bigint")
    .addColumn("own_dismissed_at", "bigint")
    .addColumn("own_dismissed_reason", "text")
    .addColumn("attributes", "text", (c) => c.notNull())
    .addColumn("import_id", "integer", (c) => c.notNull().references("imports.id"))
    .addColumn("line", "integer", (c) => c.notNull())
    .addUniqueConstraint("finding_sightings_identity", ["scan_id", "identity"])
    .execute();

  await db.schema
    .createTable("finding_occurrences")
    .addColumn("id", idColumn(dialect), (c) => c.primaryKey())
    .addColumn("target", "text", (c) => c.notNull())
    .addColumn("tool", "text", (c) => c.notNull())
    .addColumn("identity", "text", (c) => c.notNull())
    .addColumn("occurrence", "integer", (c) => c.notNull())
    .addColumn("reintroduced", "integer", (c) => c.notNull())
    .addColumn("vulnerability_id", "text", (c) => c.notNull())
    .addColumn("title", "text")
    .addColumn("severity", "text")
    .addColumn("category", "text", (c) => c.notNull())
    .addColumn("package_name", "text")
    .addColumn("package_version", "text")
    .addColumn("fixed_version", "text")
    .addColumn("location", "text")
    .addColumn("direct", "integer")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("status_reason", "text")
    .addColumn("first_seen_at", "bigint", (c) => c.notNull())
    .addColumn("last_seen_at", "bigint", (c) => c.notNull())
    .addColumn("fixed_at", "bigint")
    .addColumn("due_at", "bigint")
    .addColumn("first_scan_id", "integer", (c) => c.notNull().references("scans.id"))
    .addColumn("last_scan_id", "integer", (c) => c.notNull().references("scans.id"))
    .addColumn("import_id", "integer", (c) => c.notNull().references("imports.id"))
    .addColumn("line", "integer", (c) => c.notNull())
    .addUniqueConstraint("finding_occurrences_identity", ["target", "tool", "identity", "occurrence"])
    .execute();
  // Open at a period end and new in a period read first_seen_at; closures read fixed_at.
  await db.schema
    .createIndex("finding_occurrences_by_first_seen")
    .on("finding_occurrences")
    .columns(["first_seen_at", "fixed_at"])
    .execute();
  await db.schema
    .createIndex("finding_occurrences_by_fixed")
    .on("finding_occurrences")
    .column("fixed_at")
    .execute();
}
