import type { Stored } from "../../model/records.ts";
import type { Store } from "../../store/store.ts";
import type { DrillContext } from "../domain-pack.ts";
import { type DrillRow, iso } from "../drill-row.ts";
import {
  DURATION_PAIRS,
  type DurationMetric,
  hasSeverity,
  incidentDuration,
  isProduction,
  SEVERITY_COUNTS,
} from "./compute.ts";
import { type AlertSelection, incidentsDetected, selectedAlerts } from "./queries.ts";
import type { Alert, Incident } from "./records.ts";

/** Every incident detected in the period, each saying whether the metric counts it. */
export async function incidentDrill(store: Store, metricId: string, { period }: DrillContext, limit: number) {
  const incidents = await incidentsDetected(store, period);
  return incidents.slice(0, limit + 1).map((incident) => incidentRow(metricId, incident));
}

function incidentRow(metricId: string, incident: Stored<Incident>): DrillRow {
  const fields: DrillRow["fields"] = {
    title: incident.title,
    severity: incident.severity,
    synthetic: incident.synthetic,
    detected_at: iso(incident.detected_at),
  };
  let counted = isProduction(incident);
  let note: string | null = counted ? null : "drill: reported apart";
  if (metricId in SEVERITY_COUNTS)
    counted &&= hasSeverity(incident, metricId as keyof typeof SEVERITY_COUNTS);
  if (metricId in DURATION_PAIRS) {
    const [startField, endField] = DURATION_PAIRS[metricId as DurationMetric];
    const duration = incidentDuration(incident, metricId as DurationMetric);
    fields[startField] = iso(incident[startField]);
    fields[endField] = iso(incident[endField]);
    fields.duration_seconds = duration.state === "closed" ? duration.seconds : null;
    if (counted && duration.state === "no_start") [counted, note] = [false, `no ${startField}`];
    else if (counted && duration.state === "open") [counted, note] = [false, `open: no ${endField} yet`];
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

/** The alerts a ratio's numerator counts: escalated ones, or those closed as false positive. */
const ALERT_DRILLS: Record<string, AlertSelection> = {
  alert_to_incident_ratio: "escalated",
  false_positive_rate: "false_positive",
};

export async function alertDrill(store: Store, metricId: string, { period }: DrillContext, limit: number) {
  const selection = ALERT_DRILLS[metricId];
  if (!selection) return [];
  const alerts = await store.read((q) => selectedAlerts(q, period, selection, limit + 1));
  return alerts.map(
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
}
