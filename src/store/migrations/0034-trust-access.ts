import type { Kysely } from "kysely";
import { type Dialect, idColumn } from "../engines.ts";

/**
 * The trust center's NDA-gated documents: who asked and why, with their
 * acceptance of the NDA (time and address); the links editors granted (the
 * token only as its SHA-256, each revocable and time-limited); and each
 * download through a link. Nothing here is deleted: it is the record of who
 * saw what.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable("trust_access_requests")
    .addColumn("id", idColumn(dialect), (c) => c.primaryKey())
    .addColumn("company", "text", (c) => c.notNull())
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("purpose", "text", (c) => c.notNull())
    .addColumn("requested_at", "bigint", (c) => c.notNull())
    .addColumn("nda_accepted_at", "bigint", (c) => c.notNull())
    .addColumn("nda_accepted_ip", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("decided_by", "text")
    .addColumn("decided_at", "bigint")
    .execute();
  await db.schema
    .createTable("trust_access_grants")
    .addColumn("id", idColumn(dialect), (c) => c.primaryKey())
    .addColumn("request_id", "integer", (c) => c.notNull().references("trust_access_requests.id"))
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("created_by", "text", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("expires_at", "bigint", (c) => c.notNull())
    .addColumn("revoked_by", "text")
    .addColumn("revoked_at", "bigint")
    .execute();
  await db.schema
    .createTable("trust_downloads")
    .addColumn("id", idColumn(dialect), (c) => c.primaryKey())
    .addColumn("grant_id", "integer", (c) => c.notNull().references("trust_access_grants.id"))
    .addColumn("document", "text", (c) => c.notNull())
    .addColumn("at", "bigint", (c) => c.notNull())
    .addColumn("ip", "text", (c) => c.notNull())
    .execute();
}
