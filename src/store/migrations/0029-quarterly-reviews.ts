import type { Kysely } from "kysely";
import type { Dialect } from "../engines.ts";

/**
 * Who reviewed a quarter's figures, when, and what they decided. One row
 * per (quarter, reviewer, date): recording the same review again replaces
 * its decisions instead of adding a second review. Decisions are a JSON
 * array of text.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable("quarterly_reviews")
    .addColumn("quarter", "text", (c) => c.notNull())
    .addColumn("reviewed_at", "bigint", (c) => c.notNull())
    .addColumn("reviewed_by", "text", (c) => c.notNull())
    .addColumn("decisions", "text", (c) => c.notNull())
    .addColumn("recorded_at", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("quarterly_reviews_pkey", ["quarter", "reviewed_by", "reviewed_at"])
    .execute();
}
