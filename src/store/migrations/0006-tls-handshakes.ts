import type { Kysely } from "kysely";
import { type Dialect, idColumn } from "../engines.ts";

/**
 * TLS handshakes below the minimum found in logs (nginx error and access
 * logs, OCSF HTTP Activity), which count for tls_downgrade_attempts beside
 * the probe's endpoints. A table of its own rather than columns on
 * http_events: a refused handshake is no HTTP request, and an old-protocol
 * request with status 200 is not one the HTTP metrics look at.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable("tls_handshakes")
    .addColumn("id", idColumn(dialect), (c) => c.primaryKey())
    .addColumn("feed", "text", (c) => c.notNull())
    .addColumn("external_id", "text", (c) => c.notNull())
    .addColumn("import_id", "integer", (c) => c.notNull().references("imports.id"))
    .addColumn("line", "integer", (c) => c.notNull())
    .addColumn("at", "bigint", (c) => c.notNull())
    .addColumn("protocol", "text")
    .addColumn("refused", "integer", (c) => c.notNull())
    .addColumn("client_ip", "text")
    .addColumn("host", "text")
    .addColumn("source", "text", (c) => c.notNull())
    .addUniqueConstraint("tls_handshakes_identity", ["feed", "external_id"])
    .execute();
  await db.schema.createIndex("tls_handshakes_by_at").on("tls_handshakes").columns(["at"]).execute();
}
