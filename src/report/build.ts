import type { KpiReport, MetricResult } from "../app/kpi-report.ts";
import type { ActedOnRecommendation } from "../app/trackers/recommendation-impact.ts";
import type { Web3Registry } from "../app/web3-period.ts";
import type { RequirementState } from "../domains/compliance-checks/requirements.ts";
import type { Incident } from "../domains/detection-response/records.ts";
import type { DrillRow } from "../domains/drill-row.ts";
import { formatQuantity, formatTarget } from "../model/format.ts";
import { CATEGORIES, CATEGORY_NAMES, type Category } from "../model/metric-definition.ts";
import { STATUS_OF_VERDICT } from "../review/impact.ts";
import type { PeriodReview } from "../review/review-period.ts";
import type { Trend } from "../trends/index.ts";
import { requirementTable } from "./compliance-status.ts";
import type {
  ExceptionItem,
  ImpactRow,
  IncidentSummary,
  IterationReport,
  MetricRow,
  ReportHeader,
  ReportSection,
  RootCauseRow,
  ScorecardReport,
} from "./model.ts";
import { smartContractsSection } from "./smart-contracts.ts";

export interface ReportInput {
  kpis: KpiReport;
  organisation: string;
  /** The configured zone dates are shown in. */
  timezone: string;
  /** Owner per category from the config, for the category view. */
  categoryOwners: Partial<Record<Category, string>>;
  /** The period's recommendations and posture, computed once for every report of it. */
  review: PeriodReview;
  /** The recommendations of the periods shown that were acted on, with what their metric did since; none when absent. */
  actedOn?: readonly ActedOnRecommendation[];
  /** The exceptions of the registers at the period end (their drill-down rows); absent without register data. */
  exceptions?: readonly DrillRow[];
  /** Where each framework requirement stands at the period end, the most urgent first; absent or empty without data. */
  requirements?: readonly RequirementState[];
  /** The smart contract deployments registry over the period; absent, or without a chain, when none was imported before its end. */
  registry?: Web3Registry;
}

const TREND_LABELS: Record<Trend, string> = {
  baseline_set: "baseline set",
  improving: "improving",
  worsening: "worsening",
  stable: "stable",
  insufficient_data: "insufficient data",
};

export function metricRow(metric: MetricResult, periodId: string): MetricRow {
  return {
    id: metric.id,
    name: metric.name,
    category: metric.category,
    unit: metric.unit,
    value: metric.value,
    current: currentText(metric),
    target: formatTarget(metric.target, metric.unit),
    status: metric.status,
    trend: metric.trend,
    trend_label: TREND_LABELS[metric.trend],
    trend_reason: metric.trend_detail.reason,
    owner: metric.owner,
    n: metric.n,
    reason: metric.reason,
    series: [...metric.history, { period: periodId, value: metric.value }],
    limits: metric.trend_detail.limits,
  };
}

/**
 * A stale value is shown as stale, never as a number that looks fine (it may be a zero from missing data).
 * What a value leaves out on purpose is said beside it: findings accepted under an exception in
 * force, exceptions a tool decided outside the register.
 */
function currentText(metric: MetricResult): string {
  if (metric.status === "stale") return "stale";
  if (metric.value === null) return "no data";
  const apart = (["accepted_risk", "unregistered"] as const).flatMap((key) => {
    const count = metric.details[key];
    return typeof count === "number" && count > 0 ? [`${count} ${key.replace("_", " ")}`] : [];
  });
  const value = formatQuantity(metric.value, metric.unit);
  return apart.length === 0 ? value : `${value} (${apart.join(", ")} apart)`;
}

function section(kpis: KpiReport, title: string, ids: readonly string[], emptyNote: string): ReportSection {
  const rows = ids.flatMap((id) => {
    const metric = kpis.metrics.find((m) => m.id === id);
    return metric ? [metricRow(metric, kpis.period.id)] : [];
  });
  const hasData = rows.some((row) => row.value !== null || row.status === "stale");
  return { title, rows, note: hasData ? null : emptyNote };
}

function header(kind: string, input: ReportInput): ReportHeader {
  const { period } = input.kpis;
  return {
    title: `${kind} — ${period.id}`,
    organisation: input.organisation,
    period: {
      id: period.id,
      start: new Date(period.start).toISOString(),
      end: new Date(period.end).toISOString(),
    },
    generated_at: new Date(input.kpis.generated_at).toISOString(),
    timezone: input.timezone,
  };
}

/**
 * The iteration security-posture report: incident response, vulnerability
 * management, application security, compliance status, smart contracts (with
 * a deployments registry), the posture trend and recommendations. `incidents` are those detected in the period.
 */
export function buildIterationReport(input: ReportInput, incidents: readonly Incident[]): IterationReport {
  const { kpis } = input;
  const { recommendations, posture } = input.review;
  const production = incidents.filter((i) => !i.synthetic);
  const incidentResponse = section(
    kpis,
    "Incident Response",
    [
      "mttd",
      "mtta",
      "mttr",
      "mttrec",
      "incidents_within_sla",
      "false_positive_rate",
      "alert_to_incident_ratio",
    ],
    "No incident or alert data imported: import incidents-csv, incidents-json, alerts-csv, alerts-json or ocsf.",
  );
  const vulnerabilityManagement = section(
    kpis,
    "Vulnerability Management",
    [
      "open_critical_vulnerabilities",
      "open_high_vulnerabilities",
      "open_vulnerabilities",
      "mttp",
      "vuln_sla_missed",
      "repeat_findings",
      "security_debt",
    ],
    "No data imported: no scanner output has been imported yet.",
  );
  const applicationSecurity = section(
    kpis,
    "Application Security",
    [
      "sast_findings_new",
      "dast_findings_new",
      "dependency_vulns_direct",
      "security_review_coverage",
      "patch_compliance",
    ],
    "No data imported: no SAST, DAST or dependency scan has been imported yet.",
  );
  const compliance = section(
    kpis,
    "Compliance Status",
    [
      "compliance_drift",
      "controls_health",
      "open_exceptions",
      "exceptions_expiring_30d",
      "expired_exceptions",
      "audit_findings",
    ],
    "No data imported: no compliance check results, exception register or audit findings yet.",
  );
  const smartContracts =
    input.registry && input.registry.chains.length > 0
      ? smartContractsSection(
          section(
            kpis,
            "Smart Contracts",
            ["new_deployments", "interface_collisions"],
            "No value for the deployments registry's metrics this period.",
          ),
          input.registry,
          input.timezone,
        )
      : null;
  const shown = new Set(
    [incidentResponse, vulnerabilityManagement, applicationSecurity, compliance, smartContracts].flatMap(
      (s) => s?.rows.map((row) => row.id) ?? [],
    ),
  );
  return {
    kind: "iteration",
    ...header("Security Metrics", input),
    incident_response: {
      ...incidentResponse,
      summary: summarize(incidents),
      root_causes: rootCauses(production),
    },
    vulnerability_management: vulnerabilityManagement,
    application_security: applicationSecurity,
    compliance: {
      ...compliance,
      requirements: requirementTable(input.requirements, kpis.period.end, input.timezone),
    },
    smart_contracts: smartContracts,
    // The overall risk is the organisation's, as on the scorecard: the metrics it rests on that no section above shows.
    other_risk_metrics: {
      ...section(
        kpis,
        "Other Metrics Behind the Risk Level",
        kpis.metrics.filter((m) => posture.metric_ids.includes(m.id) && !shown.has(m.id)).map((m) => m.id),
        "",
      ),
      note: null,
    },
    posture: { ...posture, summary: postureSummary(posture.level, posture.reasons) },
    recommendations,
    impact: (input.actedOn ?? []).map(impactRow),
  };
}

function impactRow({ recommendation, impact }: ActedOnRecommendation): ImpactRow {
  return {
    recommendation_id: recommendation.id,
    title: recommendation.title,
    expected_impact: recommendation.expected_impact,
    acted_on: `${impact.acted_on.how} on ${impact.acted_on.at.slice(0, 10)}`,
    status: STATUS_OF_VERDICT[impact.verdict],
    what_happened: impact.summary,
  };
}

function summarize(incidents: readonly Incident[]): IncidentSummary {
  const production = incidents.filter((i) => !i.synthetic);
  return {
    total: production.length,
    critical: production.filter((i) => i.severity === "critical").length,
    high: production.filter((i) => i.severity === "high").length,
    resolved: production.filter((i) => i.recovered_at !== null).length,
    open: production.filter((i) => i.recovered_at === null).length,
    drills: incidents.length - production.length,
  };
}

/** Root causes of critical and high incidents, most frequent first. */
function rootCauses(production: readonly Incident[]): RootCauseRow[] {
  const groups = new Map<string, Incident[]>();
  for (const incident of production) {
    if (incident.severity !== "critical" && incident.severity !== "high") continue;
    const cause = incident.root_cause_category ?? incident.root_cause ?? "not recorded";
    groups.set(cause, [...(groups.get(cause) ?? []), incident]);
  }
  return [...groups.entries()]
    .map(([root_cause, group]) => {
      const recovered = group.filter((i) => i.recovered_at !== null).length;
      const contained = group.filter((i) => i.recovered_at === null && i.responded_at !== null).length;
      const parts = [`${recovered} of ${group.length} recovered`];
      if (contained > 0) parts.push(`${contained} contained, not yet recovered`);
      return { root_cause, count: group.length, mitigation_status: parts.join("; ") };
    })
    .sort((a, b) => b.count - a.count || a.root_cause.localeCompare(b.root_cause));
}

function postureSummary(level: string, reasons: readonly string[]): string {
  const shown = reasons.slice(0, 4).join("; ");
  const more = reasons.length > 4 ? `; and ${reasons.length - 4} more` : "";
  return `Overall risk ${level.toLowerCase()}: ${shown}${more}.`;
}

const LISTED_STATES: Record<string, ExceptionItem["state"]> = {
  open: "active",
  expiring: "expiring",
  expired: "expired",
};

/** The scorecard's exceptions: those in force or lapsed at the period end, the soonest expiry first. */
function exceptionList(rows: readonly DrillRow[] | undefined): ScorecardReport["exceptions"] {
  if (!rows) return { note: "No exception register imported yet.", items: [] };
  const items = rows.flatMap((row): ExceptionItem[] => {
    const state = LISTED_STATES[String(row.fields.state)];
    const expires = row.fields.expires_at;
    if (!state || typeof expires !== "string") return [];
    const { title, owner } = row.fields;
    return [
      {
        id: row.id,
        title: typeof title === "string" ? title : row.id,
        owner: typeof owner === "string" ? owner : null,
        state,
        expires_at: expires,
      },
    ];
  });
  return { note: null, items };
}

/** The one-page monthly scorecard (headline, overall risk, exceptions), then every metric by category. */
export function buildScorecard(input: ReportInput): ScorecardReport {
  const { kpis } = input;
  const { recommendations, posture } = input.review;
  const noData = "No data imported yet.";
  return {
    kind: "scorecard",
    ...header("Security Scorecard", input),
    headline: [
      section(kpis, "Controls Health", ["controls_health"], "No compliance baseline results imported yet."),
      section(kpis, "Incidents", ["p0_p1_incidents", "mttd", "mttr"], "No incidents imported yet."),
      section(
        kpis,
        "Drift",
        ["shadow_assets", "config_drift_events", "unmonitored_deployments"],
        "No asset inventory, drift data or monitor configuration imported yet.",
      ),
      section(
        kpis,
        "Exceptions",
        ["open_exceptions", "exceptions_expiring_30d"],
        "No exception register imported yet.",
      ),
      section(kpis, "Vulnerability", ["vuln_sla_missed"], noData),
    ],
    exceptions: exceptionList(input.exceptions),
    posture,
    categories: CATEGORIES.map((id) => ({
      id,
      name: CATEGORY_NAMES[id],
      owner: input.categoryOwners[id] ?? null,
      rows: kpis.metrics.filter((m) => m.category === id).map((m) => metricRow(m, kpis.period.id)),
    })).filter((view) => view.rows.length > 0),
    recommendations,
  };
}
