import { type ExpressionBuilder, sql } from "kysely";
import type { Stored } from "../../model/records.ts";
import { PROVENANCE_COLUMNS } from "../../store/schema.ts";
import { countWhere } from "../../store/selection.ts";
import type { Interval, QueryContext, Store } from "../../store/store.ts";
import {
  ALERT,
  type Alert,
  type AlertTally,
  type DetectionResponseTables,
  INCIDENT,
  type Incident,
} from "./records.ts";

type Alerts = ExpressionBuilder<DetectionResponseTables, "alerts">;

/** The alerts each alert metric counts: one rule for the count in SQL and the drill-down's list. */
export const ALERT_SELECTIONS = {
  escalated: (eb: Alerts) => eb("incident_id", "is not", null),
  triaged: (eb: Alerts) => eb("disposition", "<>", "open"),
  false_positive: (eb: Alerts) => eb("disposition", "=", "false_positive"),
} as const;
export type AlertSelection = keyof typeof ALERT_SELECTIONS;

/** Incidents detected in the interval, oldest first, with provenance. */
export function incidentsDetected(store: Store, interval: Interval): Promise<Stored<Incident>[]> {
  return store.records<Incident>(INCIDENT.kind, interval);
}

/** Alerts of the interval counted in SQL: a month can hold a million. */
export async function alertTally({ db }: QueryContext, { start, end }: Interval): Promise<AlertTally> {
  const row = await db
    .withTables<DetectionResponseTables>()
    .selectFrom("alerts")
    .select((eb) => [
      sql<number>`count(*)`.as("total"),
      countWhere(ALERT_SELECTIONS.escalated(eb)).as("escalated"),
      countWhere(ALERT_SELECTIONS.triaged(eb)).as("triaged"),
      countWhere(ALERT_SELECTIONS.false_positive(eb)).as("false_positive"),
    ])
    .where("created_at", ">=", start)
    .where("created_at", "<", end)
    .executeTakeFirstOrThrow();
  return {
    total: Number(row.total),
    escalated: Number(row.escalated ?? 0),
    triaged: Number(row.triaged ?? 0),
    false_positive: Number(row.false_positive ?? 0),
  };
}

/** The alerts of the interval that `selection` counts, oldest first, with provenance. */
export async function selectedAlerts(
  { db, rows, decode }: QueryContext,
  { start, end }: Interval,
  selection: AlertSelection,
  limit: number,
): Promise<Stored<Alert>[]> {
  const found = await rows(
    db
      .withTables<DetectionResponseTables>()
      .selectFrom("alerts as r")
      .innerJoin("imports as i", "i.id", "r.import_id")
      .selectAll("r")
      .select(PROVENANCE_COLUMNS)
      .where("r.created_at", ">=", start)
      .where("r.created_at", "<", end)
      .where((eb) => ALERT_SELECTIONS[selection](eb as never))
      .orderBy("r.created_at")
      .orderBy("r.id")
      .limit(limit),
  );
  return decode<Alert>(ALERT.kind, found as never);
}
