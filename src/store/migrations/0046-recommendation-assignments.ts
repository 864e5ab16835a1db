import type { Kysely } from "kysely";
import type { Dialect } from "../engines.ts";

/**
 * Who a person put in charge of a recommendation, in place of the owner the
 * catalog names, with who did it and when: the tracker issue is assigned to
 * them on the next sync.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable("recommendation_assignments")
    .addColumn("recommendation_id", "text", (c) => c.primaryKey())
    .addColumn("owner", "text", (c) => c.notNull())
    .addColumn("assigned_by", "text", (c) => c.notNull())
    .addColumn("assigned_at", "bigint", (c) => c.notNull())
    .execute();
}
