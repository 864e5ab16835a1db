import type { Kysely } from "kysely";
import { type Dialect, idColumn } from "../engines.ts";

/**
 * One row per event sent (or being sent) to a webhook. The unique
 * (event_key, webhook) is what keeps an event from being sent twice, even
 * by two processes at once: a sender claims the row before it sends.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable("notification_deliveries")
    .addColumn("id", idColumn(dialect), (c) => c.primaryKey())
    .addColumn("event_key", "text", (c) => c.notNull())
    .addColumn("webhook", "text", (c) => c.notNull())
    .addColumn("event_kind", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull())
    .addColumn("claimed_at", "bigint", (c) => c.notNull())
    .addColumn("sent_at", "bigint")
    .addColumn("last_error", "text")
    .addUniqueConstraint("notification_deliveries_once", ["event_key", "webhook"])
    .execute();
}
