import { findMetric } from "../catalog/metrics.ts";
import type { Config } from "../config/schema.ts";
import { DURATION_PAIRS, type DurationMetric } from "../kpi/detection-response.ts";
import { SecmetricsError } from "../model/errors.ts";
import type { EventKind } from "../model/events.ts";
import { type Period, parsePeriod } from "../model/period.ts";
import type { Alert, Incident, Provenance, Stored } from "../model/records.ts";
import type { Store } from "../store/store.ts";
import { EVENT_DRILL_METRICS, eventDrillRows } from "./event-drill-down.ts";
import { FINDING_DRILL_METRICS, findingDrillRows } from "./finding-drill-down.ts";

/** One record behind a number, flattened for tables, CSV and JSON. */
export interface DrillRow {
  kind: "incident" | "alert" | "finding" | EventKind;
  id: string;
  /** The record's own fields that the metric reads. */
  fields: Record<string, string | number | boolean | null>;
  /** Whether the record counts toward the value, and if not, why. */
  counted: boolean;
  note: string | null;
  provenance: Provenance;
}

export interface DrillDown {
  metric_id: string;
  period: { id: string; start: number; end: number };
  rows: DrillRow[];
  /** True when `limit` cut the list. */
  truncated: boolean;
}

const INCIDENT_METRICS = new Set([
  ...Object.keys(DURATION_PAIRS),
  "incident_count",
  "sev1_incidents",
  "p0_p1_incidents",
  "incidents_within_sla",
]);
const ALERT_METRICS = new Set(["alert_to_incident_ratio", "false_positive_rate"]);

/** The records a metric's value for `periodId` is computed from, with their provenance. */
export async function drillDown(
  store: Store,
  metricId: string,
  periodId: string,
  config: Config,
  limit = 1000,
): Promise<DrillDown> {
  if (!findMetric(metricId)) {
    throw new SecmetricsError(
      "not_found",
      `no metric "${metricId}"`,
      "`secmetrics catalog` lists the metric ids",
    );
  }
  const period = parsePeriod(periodId, { timezone: config.timezone, iterations: config.iterations });
  const header = { metric_id: metricId, period: { id: period.id, start: period.start, end: period.end } };
  if (INCIDENT_METRICS.has(metricId)) {
    const incidents = await store.incidentsDetected(period);
    const rows = incidents.map((incident) => incidentRow(metricId, incident));
    return { ...header, rows: rows.slice(0, limit), truncated: rows.length > limit };
  }
  if (ALERT_METRICS.has(metricId)) return { ...header, ...(await alertRows(store, metricId, period, limit)) };
  if (FINDING_DRILL_METRICS.has(metricId)) {
    const rows = await findingDrillRows(store, metricId, period, limit);
    return { ...header, rows: rows.slice(0, limit), truncated: rows.length > limit };
  }
  if (EVENT_DRILL_METRICS.has(metricId)) {
    const rows = await eventDrillRows(store, metricId, period, config, limit);
    return { ...header, rows: rows.slice(0, limit), truncated: rows.length > limit };
  }
  throw new SecmetricsError("not_found", `${metricId} has no records to show yet: no importer feeds it`);
}

function incidentRow(metricId: string, incident: Stored<Incident>): DrillRow {
  const fields: DrillRow["fields"] = {
    title: incident.title,
    severity: incident.severity,
    synthetic: incident.synthetic,
    detected_at: iso(incident.detected_at),
  };
  let counted = !incident.synthetic;
  let note: string | null = incident.synthetic ? "drill: reported apart" : null;
  if (metricId === "sev1_incidents") counted &&= incident.severity === "critical";
  if (metricId === "p0_p1_incidents")
    counted &&= incident.severity === "critical" || incident.severity === "high";
  if (metricId in DURATION_PAIRS) {
    const [startField, endField] = DURATION_PAIRS[metricId as DurationMetric];
    const start = incident[startField];
    const end = incident[endField];
    fields[startField] = iso(start);
    fields[endField] = iso(end);
    fields.duration_seconds = start !== null && end !== null ? (end - start) / 1000 : null;
    if (counted && start === null) [counted, note] = [false, `no ${startField}`];
    else if (counted && end === null) [counted, note] = [false, `open: no ${endField} yet`];
  }
  if (metricId === "incidents_within_sla") fields.recovered_at = iso(incident.recovered_at);
  return {
    kind: "incident",
    id: incident.external_id,
    fields,
    counted,
    note,
    provenance: incident.provenance,
  };
}

async function alertRows(store: Store, metricId: string, period: Period, limit: number) {
  const query =
    metricId === "alert_to_incident_ratio"
      ? { ...period, escalated: true, limit: limit + 1 }
      : { ...period, disposition: "false_positive" as const, limit: limit + 1 };
  const alerts = await store.alerts(query);
  const rows = alerts.slice(0, limit).map(
    (alert: Stored<Alert>): DrillRow => ({
      kind: "alert",
      id: alert.external_id,
      fields: {
        created_at: iso(alert.created_at),
        severity: alert.severity,
        source: alert.source,
        rule: alert.rule,
        disposition: alert.disposition,
        incident_id: alert.incident_id,
      },
      counted: true,
      note: null,
      provenance: alert.provenance,
    }),
  );
  return { rows, truncated: alerts.length > limit };
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}
