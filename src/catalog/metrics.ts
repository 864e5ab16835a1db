import type { Direction } from "../trends/judge.ts";

export const CATEGORIES = [
  "detection_response",
  "prevention_controls",
  "identity_access",
  "vulnerability_management",
  "application_security",
  "operational_hygiene",
  "compliance",
  "program",
] as const;
export type Category = (typeof CATEGORIES)[number];

export const CATEGORY_NAMES: Record<Category, string> = {
  detection_response: "Detection & Response",
  prevention_controls: "Prevention & Controls",
  identity_access: "Identity & Access",
  vulnerability_management: "Vulnerability Management",
  application_security: "Application Security",
  operational_hygiene: "Operational Hygiene",
  compliance: "Compliance Signals",
  program: "Security Program",
};

export type Unit = "seconds" | "percent" | "count" | "per_day";

export interface Target {
  op: "<" | "<=" | "==" | ">=" | ">";
  value: number;
}

export interface MetricDefinition {
  id: string;
  name: string;
  category: Category;
  description: string;
  unit: Unit;
  direction: Direction;
  target: Target | null;
  /** Import formats that feed the metric; empty while no importer exists. */
  sources: readonly string[];
  /** How often a source must report before the metric turns stale, in seconds. */
  cadence_seconds: number;
}

const DAY = 86_400;
const INCIDENT_SOURCES = ["incidents-csv", "incidents-json", "ocsf"];
const ALERT_SOURCES = ["alerts-csv", "alerts-json", "ocsf"];
const ACCOUNT_SOURCES = ["iam-credential-report", "accounts-csv", "accounts-json"];
const TOKEN_SOURCES = ["iam-credential-report", "tokens-csv", "tokens-json"];
const DEPLOYMENT_SOURCES = ["deployments-csv", "deployments-json", "github-deployment-statuses"];
/** Every scanner format: any of them can report a vulnerability. */
const SCAN_SOURCES = ["sarif", "trivy", "grype", "osv-scanner", "npm-audit", "dependabot", "zap"];
const SAST_SOURCES = ["sarif"];
const DAST_SOURCES = ["zap", "sarif"];
const DEPENDENCY_SOURCES = ["trivy", "grype", "osv-scanner", "npm-audit", "dependabot", "sarif"];

type Spec = Omit<MetricDefinition, "category" | "target" | "sources" | "cadence_seconds"> &
  Partial<Pick<MetricDefinition, "target" | "sources" | "cadence_seconds">>;

function group(category: Category, specs: Spec[]): MetricDefinition[] {
  return specs.map((spec) => ({
    target: null,
    sources: [],
    cadence_seconds: 31 * DAY,
    ...spec,
    category,
  }));
}

/**
 * The built-in catalog (DESIGN.md). Ids, units and directions are stable API;
 * owners, targets and cadences are overridden in secmetrics.yaml. Default
 * targets are the ones the seed documents set.
 */
export const CATALOG: readonly MetricDefinition[] = [
  ...group("detection_response", [
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
      cadence_seconds: 7 * DAY,
    },
    {
      id: "false_positive_rate",
      name: "False-positive alert rate",
      description: "% of the period's triaged alerts (disposition not open) closed as false positive.",
      unit: "percent",
      direction: "down",
      target: { op: "<", value: 20 },
      sources: ALERT_SOURCES,
      cadence_seconds: 7 * DAY,
    },
  ]),
  ...group("prevention_controls", [
    {
      id: "failed_login_rate",
      name: "Failed login rate",
      description:
        "Failed authentications per day in the period (days elapsed for a running period); details: count, top 10 source IPs.",
      unit: "per_day",
      direction: "stable",
      sources: ["sshd", "ocsf"],
    },
    {
      id: "rate_limit_triggers",
      name: "Rate limit triggers",
      description:
        "Rate-limit rejections in the period: HTTP 429 and error-log limiting lines, one rejection logged in both counted once.",
      unit: "count",
      direction: "tracked",
      sources: ["nginx", "ocsf"],
    },
    {
      id: "blocked_ips",
      name: "Blocked IPs",
      description: "Distinct IPs banned in the period (fail2ban Ban, Restore Ban, Reban).",
      unit: "count",
      direction: "tracked",
      sources: ["fail2ban"],
    },
    {
      id: "security_header_drift",
      name: "Security header drift",
      description:
        "(url, header) pairs missing or deviating from the security header baseline, at each URL's latest probe.",
      unit: "count",
      direction: "zero",
      target: { op: "==", value: 0 },
      sources: ["probe-headers"],
      cadence_seconds: 7 * DAY,
    },
    {
      id: "tls_downgrade_attempts",
      name: "TLS downgrade attempts",
      description:
        "Endpoints accepting a TLS version below the minimum at each endpoint's latest probe, plus handshakes below the minimum found in imported logs in the period.",
      unit: "count",
      direction: "zero",
      target: { op: "==", value: 0 },
      sources: ["probe-tls", "nginx", "ocsf"],
      cadence_seconds: 7 * DAY,
    },
  ]),
  ...group("identity_access", [
    {
      id: "privileged_accounts",
      name: "Privileged accounts",
      description: "Active accounts with admin privileges at period end.",
      unit: "count",
      direction: "down",
      sources: ACCOUNT_SOURCES,
    },
    {
      id: "orphaned_accounts",
      name: "Orphaned accounts",
      description:
        "Active accounts with no owner, a departed owner, or no use in orphan_after_days (default 90), at period end.",
      unit: "count",
      direction: "zero",
      target: { op: "==", value: 0 },
      sources: ACCOUNT_SOURCES,
    },
    {
      id: "token_expiry_compliance",
      name: "Token expiry compliance",
      description: "% of active tokens and keys within the maximum age or expiry policy at period end.",
      unit: "percent",
      direction: "up",
      target: { op: ">=", value: 100 },
      sources: TOKEN_SOURCES,
    },
    {
      id: "unauthorized_access_attempts",
      name: "Unauthorized access attempts",
      description:
        "Requests denied with HTTP 401 or 403 in the period (failed logins are failed_login_rate).",
      unit: "count",
      direction: "down",
      sources: ["nginx", "ocsf"],
    },
  ]),
  ...group("vulnerability_management", [
    {
      id: "open_vulnerabilities",
      name: "Open vulnerabilities",
      description: "Findings open at period end.",
      unit: "count",
      direction: "down",
      sources: SCAN_SOURCES,
    },
    {
      id: "open_critical_vulnerabilities",
      name: "Open critical vulnerabilities",
      description: "Critical findings open at period end.",
      unit: "count",
      direction: "zero",
      sources: SCAN_SOURCES,
      target: { op: "==", value: 0 },
    },
    {
      id: "open_high_vulnerabilities",
      name: "Open high vulnerabilities",
      description: "High findings open at period end.",
      unit: "count",
      direction: "zero",
      sources: SCAN_SOURCES,
      target: { op: "==", value: 0 },
    },
    {
      id: "mttp",
      name: "Mean time to patch",
      description: "Mean of fixed_at − first_seen_at over findings fixed in the period.",
      unit: "seconds",
      direction: "down",
      sources: SCAN_SOURCES,
    },
    {
      id: "vuln_sla_missed",
      name: "Vulnerability SLAs missed",
      description:
        "% of findings due in the period that missed their severity SLA (fixed late, or open past due at period end).",
      unit: "percent",
      direction: "down",
      sources: SCAN_SOURCES,
      target: { op: "==", value: 0 },
    },
    {
      id: "repeat_findings",
      name: "Repeat findings",
      description: "Findings reintroduced in the period after having been fixed.",
      unit: "count",
      direction: "zero",
      sources: SCAN_SOURCES,
      target: { op: "==", value: 0 },
    },
    {
      id: "security_debt",
      name: "Security debt",
      description: "Open findings past SLA plus overdue security action items at period end.",
      unit: "count",
      direction: "down",
      sources: SCAN_SOURCES,
    },
  ]),
  ...group("application_security", [
    {
      id: "sast_findings_new",
      name: "SAST findings (new)",
      description: "Static analysis findings first seen in the period.",
      unit: "count",
      direction: "down",
      sources: SAST_SOURCES,
    },
    {
      id: "dast_findings_new",
      name: "DAST findings (new)",
      description: "Dynamic scanning findings first seen in the period.",
      unit: "count",
      direction: "down",
      sources: DAST_SOURCES,
    },
    {
      id: "dependency_vulns_direct",
      name: "Dependency vulnerabilities (direct)",
      description: "Vulnerabilities in direct dependencies first seen in the period.",
      unit: "count",
      direction: "down",
      sources: DEPENDENCY_SOURCES,
    },
  ]),
  ...group("operational_hygiene", [
    {
      id: "config_drift_events",
      name: "Config drift events",
      description: "Configuration drift (changes made outside the pipeline) detected in the period.",
      unit: "count",
      direction: "zero",
      target: { op: "==", value: 0 },
      sources: ["terraform-plan"],
    },
    {
      id: "manual_prod_changes",
      name: "Manual production changes",
      description: "Production deployments in the period with neither a pipeline nor a change ticket.",
      unit: "count",
      direction: "zero",
      target: { op: "==", value: 0 },
      sources: DEPLOYMENT_SOURCES,
    },
    {
      id: "failed_deployments",
      name: "Failed deployments",
      description: "Deployments that failed in the period.",
      unit: "count",
      direction: "down",
      sources: DEPLOYMENT_SOURCES,
    },
    {
      id: "rollbacks",
      name: "Rollbacks",
      description: "Deployments that rolled back an earlier one in the period.",
      unit: "count",
      direction: "down",
      sources: DEPLOYMENT_SOURCES,
    },
  ]),
  ...group("compliance", [
    {
      id: "compliance_drift",
      name: "Compliance drift",
      description: "Automated compliance checks failing at period end.",
      unit: "count",
      direction: "zero",
      target: { op: "==", value: 0 },
    },
    {
      id: "open_exceptions",
      name: "Open exceptions",
      description: "Approved exceptions active at period end.",
      unit: "count",
      direction: "down",
    },
    {
      id: "exceptions_expiring_30d",
      name: "Exceptions expiring within 30 days",
      description: "Active exceptions whose expiry falls within 30 days of period end.",
      unit: "count",
      direction: "tracked",
    },
    {
      id: "expired_exceptions",
      name: "Expired exceptions",
      description: "Approved exceptions past their expiry and not renewed or closed at period end.",
      unit: "count",
      direction: "zero",
      target: { op: "==", value: 0 },
    },
    {
      id: "audit_findings",
      name: "Audit findings",
      description: "Open external audit findings at period end.",
      unit: "count",
      direction: "zero",
      target: { op: "==", value: 0 },
    },
    {
      id: "controls_health",
      name: "Controls health",
      description: "% of Tier 0/1 assets compliant with their baseline at period end.",
      unit: "percent",
      direction: "up",
      target: { op: ">=", value: 95 },
    },
    {
      id: "shadow_assets",
      name: "Shadow assets",
      description: "Assets seen in telemetry but absent from the inventory.",
      unit: "count",
      direction: "zero",
      target: { op: "==", value: 0 },
    },
  ]),
  ...group("program", [
    {
      id: "control_coverage",
      name: "Security control coverage",
      description: "% of systems with the controls their tier requires.",
      unit: "percent",
      direction: "up",
    },
    {
      id: "training_compliance",
      name: "Training compliance",
      description: "% of team members who completed their required security training.",
      unit: "percent",
      direction: "up",
      target: { op: ">=", value: 95 },
    },
    {
      id: "postmortem_actions_overdue",
      name: "Overdue post-mortem actions",
      description: "Post-mortem and tabletop action items past their due date at period end.",
      unit: "count",
      direction: "zero",
      target: { op: "==", value: 0 },
    },
  ]),
];

const BY_ID = new Map(CATALOG.map((metric) => [metric.id, metric]));

export function findMetric(id: string): MetricDefinition | undefined {
  return BY_ID.get(id);
}
