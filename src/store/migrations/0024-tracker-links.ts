import type { Kysely } from "kysely";
import type { Dialect } from "../engines.ts";

/**
 * Which tracker issue each recommendation became, with its state as last
 * seen and a hash of what was sent (a sync updates only what changed), and
 * the recommendations people dismissed, with who and why. The tracker is
 * the truth for an issue's state, the store for which issue it is: a
 * tracker's search may lag behind what was just created.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable("tracker_links")
    .addColumn("tracker", "text", (c) => c.notNull())
    .addColumn("recommendation_id", "text", (c) => c.notNull())
    .addColumn("issue", "text", (c) => c.notNull())
    .addColumn("url", "text", (c) => c.notNull())
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("fingerprint", "text", (c) => c.notNull())
    .addColumn("cleared_at", "bigint")
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("tracker_links_pkey", ["tracker", "recommendation_id"])
    .execute();
  await db.schema
    .createTable("recommendation_dismissals")
    .addColumn("recommendation_id", "text", (c) => c.primaryKey())
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("dismissed_by", "text", (c) => c.notNull())
    .addColumn("dismissed_at", "bigint", (c) => c.notNull())
    .execute();
}
