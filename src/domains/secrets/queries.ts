import type { Stored } from "../../model/records.ts";
import { PROVENANCE_COLUMNS } from "../../store/schema.ts";
import type { Interval, QueryContext } from "../../store/store.ts";
import { SECRET_ALERT, type SecretAlert, type SecretsTables } from "./records.ts";

/**
 * The alerts an interval's metrics read: opened before its end and not
 * resolved before its start. That is every alert opened in it, resolved in
 * it, or still open at its end; oldest first, with provenance.
 */
export async function alertsTouching(
  { db, rows, decode }: QueryContext,
  { start, end }: Interval,
  limit = Number.MAX_SAFE_INTEGER,
): Promise<Stored<SecretAlert>[]> {
  const found = await rows(
    db
      .withTables<SecretsTables>()
      .selectFrom("secret_alerts as r")
      .innerJoin("imports as i", "i.id", "r.import_id")
      .selectAll("r")
      .select(PROVENANCE_COLUMNS)
      .where("r.created_at", "<", end)
      .where((eb) => eb.or([eb("r.resolved_at", "is", null), eb("r.resolved_at", ">=", start)]))
      .orderBy("r.created_at")
      .orderBy("r.id")
      .limit(limit),
  );
  return decode<SecretAlert>(SECRET_ALERT.kind, found as never);
}

/**
 * The latest instant any alert reports (opened, updated or resolved), or
 * null with none: a listing is current while its alerts move, whether or
 * not new secrets leak.
 */
export async function latestAlertActivity({ db }: QueryContext): Promise<number | null> {
  const row = await db
    .withTables<SecretsTables>()
    .selectFrom("secret_alerts")
    .select((eb) => [
      eb.fn.max("created_at").as("created"),
      eb.fn.max("updated_at").as("updated"),
      eb.fn.max("resolved_at").as("resolved"),
    ])
    .executeTakeFirst();
  const known = [row?.created, row?.updated, row?.resolved].flatMap((at) => (at == null ? [] : [Number(at)]));
  return known.length > 0 ? Math.max(...known) : null;
}
