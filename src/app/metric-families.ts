import type { Config } from "../config/schema.ts";
import { alertMetrics, DEFAULT_INCIDENT_SLA, incidentMetrics } from "../kpi/detection-response.ts";
import type { MetricValue } from "../kpi/metric-value.ts";
import { vulnerabilityMetrics } from "../kpi/vulnerability-management.ts";
import type { Period } from "../model/period.ts";
import type { RecordKind } from "../model/records.ts";
import type { Store } from "../store/store.ts";
import { EVENT_METRIC_FAMILIES } from "./event-metric-families.ts";

export interface FamilyContext {
  period: Period;
  now: number;
  config: Config;
}

/**
 * A group of metrics computed together from one kind of stored data: the
 * store does the loading (or the aggregation, where volume demands it) and a
 * pure kpi/ function does the arithmetic.
 */
export interface MetricFamily {
  metrics: readonly string[];
  /**
   * The record kind whose earliest record marks where the data begins: a
   * period before it has no data, which is not the same as a count of zero.
   * A family fed by several kinds starts with the earliest of them.
   */
  kind: RecordKind | readonly RecordKind[];
  compute(store: Store, ctx: FamilyContext): Promise<Record<string, MetricValue>>;
}

export const METRIC_FAMILIES: readonly MetricFamily[] = [
  {
    kind: "incident",
    metrics: [
      "mttd",
      "mtta",
      "mttr",
      "mttrec",
      "incident_count",
      "sev1_incidents",
      "p0_p1_incidents",
      "incidents_within_sla",
    ],
    async compute(store, { period, now, config }) {
      const incidents = await store.incidentsDetected(period);
      return incidentMetrics(incidents, {
        period,
        now,
        incidentSla: { ...DEFAULT_INCIDENT_SLA, ...config.incident_sla },
      });
    },
  },
  {
    kind: "alert",
    metrics: ["alert_to_incident_ratio", "false_positive_rate"],
    async compute(store, { period }) {
      return alertMetrics(await store.alertTally(period));
    },
  },
  ...EVENT_METRIC_FAMILIES,
  {
    kind: "scan",
    metrics: [
      "open_vulnerabilities",
      "open_critical_vulnerabilities",
      "open_high_vulnerabilities",
      "mttp",
      "vuln_sla_missed",
      "repeat_findings",
      "security_debt",
      "sast_findings_new",
      "dast_findings_new",
      "dependency_vulns_direct",
    ],
    async compute(store, { period, now }) {
      // A running period is judged now: "open at its end" cannot see the future.
      const asOf = Math.max(period.start, Math.min(period.end, now));
      const tally = await store.vulnerabilityTally({ start: period.start, end: asOf });
      return vulnerabilityMetrics(tally, { asOf });
    },
  },
];
