import { type ExpressionBuilder, sql } from "kysely";
import type { Stored } from "../../model/records.ts";
import type { Severity } from "../../model/severity.ts";
import { jsonRows } from "../../store/json-rows.ts";
import { PROVENANCE_COLUMNS } from "../../store/schema.ts";
import { countWhere } from "../../store/selection.ts";
import type { Interval, QueryContext, Store } from "../../store/store.ts";
import { termChunks, unionAll } from "../../store/union-terms.ts";
import {
  ALERT,
  type Alert,
  type AlertTally,
  type DetectionResponseTables,
  INCIDENT,
  INCIDENT_EVENTS,
  type Incident,
  type IncidentTimeline,
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
  return store.records<Incident>(INCIDENT.kind, { ...interval, where: INCIDENT_EVENTS });
}

/**
 * What each alert of the interval counts for, as one UNION ALL term: a range
 * read of the covering index `(created_at, disposition, incident_id)`. The
 * terms of a history run as one statement; a GROUP BY over a join with the
 * intervals would make SQLite sort every alert (twice as slow for 7 months).
 */
function alertTallyTerm({ db }: QueryContext, { start, end }: Interval, term: number) {
  return db
    .withTables<DetectionResponseTables>()
    .selectFrom("alerts")
    .select((eb) => [
      sql.lit(term).as("term"),
      sql<number>`count(*)`.as("total"),
      countWhere(ALERT_SELECTIONS.escalated(eb)).as("escalated"),
      countWhere(ALERT_SELECTIONS.triaged(eb)).as("triaged"),
      countWhere(ALERT_SELECTIONS.false_positive(eb)).as("false_positive"),
    ])
    .where("created_at", ">=", start)
    .where("created_at", "<", end);
}

/** Alerts of each interval counted in SQL (a month can hold a million), in the intervals' order. */
export async function alertTallies(
  context: QueryContext,
  intervals: readonly Interval[],
): Promise<AlertTally[]> {
  const tallies: AlertTally[] = [];
  for (const chunk of termChunks(intervals)) {
    const terms = chunk.map((interval, term) => alertTallyTerm(context, interval, term));
    const rows = await unionAll(terms).execute();
    const byTerm = new Array<AlertTally>(chunk.length);
    for (const row of rows)
      byTerm[Number(row.term)] = {
        total: Number(row.total),
        escalated: Number(row.escalated ?? 0),
        triaged: Number(row.triaged ?? 0),
        false_positive: Number(row.false_positive ?? 0),
      };
    tallies.push(...byTerm);
  }
  return tallies;
}

/** The columns of an incident that the metrics read, in the order of `IncidentRow`. */
const TIMELINE_COLUMNS = [
  "severity",
  "synthetic",
  "started_at",
  "detected_at",
  "acknowledged_at",
  "responded_at",
  "recovered_at",
] as const;

type IncidentRow = [
  severity: Severity | null,
  synthetic: number,
  started_at: number | null,
  detected_at: number,
  acknowledged_at: number | null,
  responded_at: number | null,
  recovered_at: number | null,
];

/**
 * The incidents detected in one interval, as one UNION ALL term of one row:
 * the columns the metrics read (no provenance) of each incident, oldest
 * first (by detected_at, then as stored), as one JSON text.
 */
function incidentTerm({ db, engine }: QueryContext, { start, end }: Interval, term: number) {
  return db
    .withTables<DetectionResponseTables>()
    .selectFrom("incidents")
    .select((eb) => [
      sql.lit(term).as("term"),
      jsonRows(
        engine,
        TIMELINE_COLUMNS.map((column) => eb.ref(column)),
        [eb.ref("detected_at"), eb.ref("id")],
      ).as("incidents"),
    ])
    .where("detected_at", ">=", start)
    .where("detected_at", "<", end)
    .where("event_kind", "in", [...INCIDENT_EVENTS.event_kind]);
}

/**
 * The incidents detected in each interval, in the intervals' order, each
 * list oldest first (by detected_at, then as stored): what `incidentsDetected`
 * gives, read once for a whole history and without the columns no metric uses.
 */
export async function incidentTimelines(
  context: QueryContext,
  intervals: readonly Interval[],
): Promise<IncidentTimeline[][]> {
  const timelines: IncidentTimeline[][] = [];
  for (const chunk of termChunks(intervals)) {
    const terms = chunk.map((interval, term) => incidentTerm(context, interval, term));
    const byTerm = chunk.map((): IncidentTimeline[] => []);
    for (const { term, incidents } of await context.rows(unionAll(terms))) {
      const timeline = byTerm[Number(term)] as IncidentTimeline[];
      for (const row of JSON.parse(incidents) as IncidentRow[]) {
        const [severity, synthetic, started_at, detected_at, acknowledged_at, responded_at, recovered_at] =
          row;
        timeline.push({
          severity,
          synthetic: synthetic === 1,
          started_at,
          detected_at,
          acknowledged_at,
          responded_at,
          recovered_at,
        });
      }
    }
    timelines.push(...byTerm);
  }
  return timelines;
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
