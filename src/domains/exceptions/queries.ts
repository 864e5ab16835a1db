import { sql } from "kysely";
import type { Stored } from "../../model/records.ts";
import { PROVENANCE_COLUMNS } from "../../store/schema.ts";
import type { QueryContext } from "../../store/store.ts";
import { EXCEPTION, type ExceptionsTables, type RiskException } from "./records.ts";

/**
 * One feed's latest snapshot (every snapshot taken, however recent): the
 * register a change to that feed starts from. Reads through `db` only, never
 * the store's fast path, so it may run inside a write's own transaction.
 */
export async function latestFeedSnapshot(
  { db, decode }: Pick<QueryContext, "db" | "decode">,
  feed: string,
): Promise<Stored<RiskException>[]> {
  const tables = db.withTables<ExceptionsTables>();
  const latest = tables
    .selectFrom("exceptions")
    .select(sql<number>`max(snapshot_at)`.as("taken_at"))
    .where("feed", "=", feed);
  const rows = await tables
    .selectFrom("exceptions as r")
    .innerJoin("imports as i", "i.id", "r.import_id")
    .selectAll("r")
    .select(PROVENANCE_COLUMNS)
    .where("r.feed", "=", feed)
    .where("r.snapshot_at", "=", latest)
    .orderBy("r.external_id")
    .execute();
  return decode<RiskException>(EXCEPTION.kind, rows);
}
