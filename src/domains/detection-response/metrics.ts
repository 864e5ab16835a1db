import { DAY_SECONDS, defineMetrics } from "../../model/metric-definition.ts";

const INCIDENT_SOURCES = ["incidents-csv", "incidents-json", "ocsf"];
const ALERT_SOURCES = ["alerts-csv", "alerts-json", "ocsf"];

export const DETECTION_RESPONSE_METRICS = defineMetrics("detection_response", [
  {
    id: "mttd",
    name: "Mean time to detect",
    description: "Mean of detected_at − started_at over production incidents detected in the period.",
    unit: "seconds",
    direction: "down",
    target: { op: "<", value: 300 },
    sources: INCIDENT_SOURCES,
  },
  {
    id: "mtta",
    name: "Mean time to acknowledge",
    description: "Mean of acknowledged_at − detected_at over production incidents detected in the period.",
    unit: "seconds",
    direction: "down",
    sources: INCIDENT_SOURCES,
  },
  {
    id: "mttr",
    name: "Mean time to respond",
    description:
      "Mean of responded_at − detected_at (contained or mitigated) over production incidents detected in the period.",
    unit: "seconds",
    direction: "down",
    target: { op: "<", value: 1800 },
    sources: INCIDENT_SOURCES,
  },
  {
    id: "mttrec",
    name: "Mean time to recovery",
    description:
      "Mean of recovered_at − detected_at (normal operations restored) over production incidents detected in the period.",
    unit: "seconds",
    direction: "down",
    sources: INCIDENT_SOURCES,
  },
  {
    id: "incident_count",
    name: "Incident count",
    description: "Production incidents detected in the period (drills excluded).",
    unit: "count",
    direction: "stable",
    sources: INCIDENT_SOURCES,
  },
  {
    id: "sev1_incidents",
    name: "Sev 1 incidents",
    description: "Production incidents of severity critical (SEV1/P0) detected in the period.",
    unit: "count",
    direction: "zero",
    target: { op: "==", value: 0 },
    sources: INCIDENT_SOURCES,
  },
  {
    id: "p0_p1_incidents",
    name: "P0/P1 incidents",
    description: "Production incidents of severity critical or high (P0/P1) detected in the period.",
    unit: "count",
    direction: "down",
    sources: INCIDENT_SOURCES,
  },
  {
    id: "incidents_within_sla",
    name: "Incidents resolved within SLA",
    description:
      "% of the period's production incidents recovered within their severity's recovery SLA; incidents still open past their deadline at period end count as missed.",
    unit: "percent",
    direction: "up",
    target: { op: ">=", value: 100 },
    sources: INCIDENT_SOURCES,
  },
  {
    id: "alert_to_incident_ratio",
    name: "Alert-to-incident ratio",
    description: "% of alerts created in the period that were escalated to an incident (alert quality).",
    unit: "percent",
    direction: "up",
    sources: ALERT_SOURCES,
    cadence_seconds: 7 * DAY_SECONDS,
  },
  {
    id: "false_positive_rate",
    name: "False-positive alert rate",
    description: "% of the period's triaged alerts (disposition not open) closed as false positive.",
    unit: "percent",
    direction: "down",
    target: { op: "<", value: 20 },
    sources: ALERT_SOURCES,
    cadence_seconds: 7 * DAY_SECONDS,
  },
]);
