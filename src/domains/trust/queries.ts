import type { Stored } from "../../model/records.ts";
import { PROVENANCE_COLUMNS } from "../../store/schema.ts";
import type { Interval, QueryContext } from "../../store/store.ts";
import { DEAL, type Deal, type TrustTables } from "./records.ts";

/** The deals closed in the interval, in closing order, with provenance. */
export async function dealsClosed(
  { db, rows, decode }: QueryContext,
  { start, end }: Interval,
  limit = Number.MAX_SAFE_INTEGER,
): Promise<Stored<Deal>[]> {
  const found = await rows(
    db
      .withTables<TrustTables>()
      .selectFrom("deals as r")
      .innerJoin("imports as i", "i.id", "r.import_id")
      .selectAll("r")
      .select(PROVENANCE_COLUMNS)
      .where("r.closed_at", ">=", start)
      .where("r.closed_at", "<", end)
      .orderBy("r.closed_at")
      .orderBy("r.id")
      .limit(limit),
  );
  return decode<Deal>(DEAL.kind, found as never);
}

/**
 * The latest instant any deal reports (opened, reviewed or closed), or null
 * with no deal: a deals export is current while deals move, whether or not
 * new ones open.
 */
export async function latestDealActivity({ db }: QueryContext): Promise<number | null> {
  const row = await db
    .withTables<TrustTables>()
    .selectFrom("deals")
    .select((eb) => [
      eb.fn.max("opened_at").as("opened"),
      eb.fn.max("security_review_started_at").as("started"),
      eb.fn.max("security_review_ended_at").as("ended"),
      eb.fn.max("closed_at").as("closed"),
    ])
    .executeTakeFirst();
  const known = [row?.opened, row?.started, row?.ended, row?.closed].flatMap((at) =>
    at == null ? [] : [Number(at)],
  );
  return known.length > 0 ? Math.max(...known) : null;
}
