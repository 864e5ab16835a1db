import type { Period } from "../../model/period.ts";
import type { Severity } from "../../model/severity.ts";
import { countValue, durationMetricValue, type MetricValue, percentValue } from "../metric-value.ts";
import type { AlertTally, IncidentTimeline, IncidentTimestamp } from "./records.ts";

/** Default recovery SLA per incident severity, in seconds. */
export const DEFAULT_INCIDENT_SLA: Record<Severity, number> = {
  critical: 4 * 3600,
  high: 24 * 3600,
  medium: 72 * 3600,
  low: 7 * 86_400,
  info: 30 * 86_400,
};

export interface DetectionResponseContext {
  period: Period;
  /** The instant the figures are computed at (ages of open items, SLA deadlines). */
  now: number;
  incidentSla: Record<Severity, number>;
}

/** Each duration metric is a named (start, end) pair of incident timestamps. */
export const DURATION_PAIRS = {
  mttd: ["started_at", "detected_at"],
  mtta: ["detected_at", "acknowledged_at"],
  mttr: ["detected_at", "responded_at"],
  mttrec: ["detected_at", "recovered_at"],
} as const satisfies Record<string, readonly [IncidentTimestamp, IncidentTimestamp]>;

export type DurationMetric = keyof typeof DURATION_PAIRS;

/** The severities each severity-count metric counts. */
export const SEVERITY_COUNTS = {
  sev1_incidents: ["critical"],
  p0_p1_incidents: ["critical", "high"],
} as const satisfies Record<string, readonly Severity[]>;

/** Drills and tabletop injects are reported apart, never counted as production incidents. */
export function isProduction(incident: IncidentTimeline): boolean {
  return !incident.synthetic;
}

export function hasSeverity(incident: IncidentTimeline, metric: keyof typeof SEVERITY_COUNTS): boolean {
  return (SEVERITY_COUNTS[metric] as readonly (Severity | null)[]).includes(incident.severity);
}

/** Where one incident stands for a duration metric: no start (left out), still open, or closed. */
export type IncidentDuration =
  | { state: "no_start" }
  | { state: "open"; start: number }
  | { state: "closed"; seconds: number };

export function incidentDuration(incident: IncidentTimeline, metric: DurationMetric): IncidentDuration {
  const [startField, endField] = DURATION_PAIRS[metric];
  const start = incident[startField];
  const end = incident[endField];
  if (start === null) return { state: "no_start" };
  if (end === null) return { state: "open", start };
  return { state: "closed", seconds: (end - start) / 1000 };
}

/**
 * Incident metrics of one period. `incidents` are those detected in the
 * period; drills (`synthetic`) never count as production incidents and are
 * reported apart in `details.drills`.
 */
export function incidentMetrics(
  incidents: readonly IncidentTimeline[],
  ctx: DetectionResponseContext,
): Record<string, MetricValue> {
  const inPeriod = incidents.filter(
    (i) => i.detected_at >= ctx.period.start && i.detected_at < ctx.period.end,
  );
  const production = inPeriod.filter(isProduction);
  const drills = inPeriod.filter((i) => !isProduction(i));
  const result: Record<string, MetricValue> = {};
  for (const id of Object.keys(DURATION_PAIRS) as DurationMetric[]) {
    const value = durationValue(production, id, ctx.now);
    value.details.drills = drills.length > 0 ? summarizeDrills(drills, id, ctx.now) : null;
    result[id] = value;
  }
  const drillCount = { drills: drills.length };
  const unknownSeverity = production.filter((i) => i.severity === null).length;
  result.incident_count = countValue(production.length, { ...drillCount, unknown_severity: unknownSeverity });
  for (const metric of Object.keys(SEVERITY_COUNTS) as (keyof typeof SEVERITY_COUNTS)[])
    result[metric] = countValue(production.filter((i) => hasSeverity(i, metric)).length, drillCount);
  result.incidents_within_sla = withinSla(production, ctx);
  return result;
}

export function durationValue(
  incidents: readonly IncidentTimeline[],
  metric: DurationMetric,
  now: number,
): MetricValue {
  const [startField, endField] = DURATION_PAIRS[metric];
  const durations: number[] = [];
  const openAges: number[] = [];
  let missingStart = 0;
  for (const incident of incidents) {
    const duration = incidentDuration(incident, metric);
    if (duration.state === "no_start") missingStart++;
    else if (duration.state === "open") openAges.push(Math.max(0, now - duration.start) / 1000);
    else durations.push(duration.seconds);
  }
  const reason =
    incidents.length === 0
      ? "no production incidents detected in the period"
      : `no incident of the period has both ${startField} and ${endField}`;
  return durationMetricValue(durations, openAges, reason, { details: { missing_start: missingStart } });
}

function summarizeDrills(drills: readonly IncidentTimeline[], metric: DurationMetric, now: number) {
  const value = durationValue(drills, metric, now);
  return { n: value.n, value: value.value, open: value.open };
}

/**
 * % recovered within the severity's SLA. Denominator: incidents of the period
 * recovered, plus those still open whose deadline passed by the end of the
 * period (or by `now`, for a period still running). Incidents still inside
 * their deadline are not judged yet; incidents without a severity have no SLA.
 */
function withinSla(incidents: readonly IncidentTimeline[], ctx: DetectionResponseContext): MetricValue {
  const asOf = Math.min(ctx.now, ctx.period.end);
  let within = 0;
  let judged = 0;
  let pending = 0;
  let noSeverity = 0;
  let openPastDeadline = 0;
  for (const incident of incidents) {
    if (incident.severity === null) {
      noSeverity++;
      continue;
    }
    const deadline = incident.detected_at + ctx.incidentSla[incident.severity] * 1000;
    if (incident.recovered_at !== null) {
      judged++;
      if (incident.recovered_at <= deadline) within++;
    } else if (deadline < asOf) {
      judged++;
      openPastDeadline++;
    } else {
      pending++;
    }
  }
  return percentValue(within, judged, "no incident of the period is recovered or past its SLA deadline", {
    within,
    open_past_deadline: openPastDeadline,
    pending,
    no_severity: noSeverity,
  });
}

export function alertMetrics(tally: AlertTally): Record<string, MetricValue> {
  return {
    alert_to_incident_ratio: percentValue(tally.escalated, tally.total, "no alerts created in the period", {
      escalated: tally.escalated,
      alerts: tally.total,
    }),
    false_positive_rate: percentValue(
      tally.false_positive,
      tally.triaged,
      "no triaged alerts in the period",
      {
        false_positive: tally.false_positive,
        triaged: tally.triaged,
      },
    ),
  };
}
