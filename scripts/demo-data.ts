/**
 * The bundled sample data of Northwind Payments, a fictional fintech:
 * incidents (incidents-csv), alerts (alerts-json as NDJSON), weekly Trivy
 * scans of five container images (demo-scans.ts), monthly exceptions
 * registers (demo-exceptions.ts), audit findings registers
 * (demo-audit-findings.ts), monthly managed inventories and nmap scans
 * (demo-assets.ts), fraud-scoring's GitHub deployments
 * (demo-github-deployments.ts), monthly snapshots of its smart contract deployments
 * registry (demo-web3.ts), its post-mortems and near-misses
 * (demo-learning.ts) and its secmetrics.yaml,
 * for 2026-01-01 → 2026-10-31, exported on 2026-11-01.
 *
 * The storyline the demo reports tell for 2026-10:
 * - worsening: MTTD creeps from ~4 min to ~9 min over Aug–Oct (a SIEM
 *   log-pipeline migration adds ingestion lag), October beyond the upper
 *   natural process limit;
 * - improving: the false-positive rate falls from ~34% to ~15% as the
 *   detection team tunes its four noisiest rules from July on;
 * - two images stop being scanned mid-year, so their findings show as
 *   "target not rescanned" (scripts/demo.ts then retires one of them);
 * - everything else is noise around a stable level.
 *
 * Deterministic: a seeded PRNG, no clock, fixed output order, so the same
 * code writes byte-identical files. Run: `npx tsx scripts/demo-data.ts [dir]`.
 */
import { mkdirSync, utimesSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parse as parseYaml } from "yaml";
import { findMetric } from "../src/catalog/metrics.ts";
import { parseConfig } from "../src/config/load.ts";
import { appsecFiles } from "./demo-appsec.ts";
import { ASSESSMENT_SCHEDULE_YAML, assessmentRegisters } from "./demo-assessments.ts";
import { assetInventories, nmapScans } from "./demo-assets.ts";
import { auditFindingRegisters } from "./demo-audit-findings.ts";
import { complianceScans } from "./demo-compliance.ts";
import { exceptionRegisters } from "./demo-exceptions.ts";
import {
  EXTERNAL_INCIDENTS_CONFIG,
  externalIncidentsList,
  externalTriageCsv,
} from "./demo-external-incidents.ts";
import { githubDeploymentsListing } from "./demo-github-deployments.ts";
import {
  GOVERNANCE_CONFIG,
  governorLogsJson,
  PUBLIC_POSTMORTEMS_CONFIG,
  snapshotProposalsJson,
} from "./demo-governance.ts";
import { keyInventories, safePulls } from "./demo-keys.ts";
import { nearMissesCsv, postmortemSnapshots } from "./demo-learning.ts";
import { formatDemoListing } from "./demo-listing.ts";
import { maturityFiles } from "./demo-maturity.ts";
import { operationsFiles } from "./demo-operations.ts";
import { programFiles } from "./demo-program.ts";
import { prowlerScans } from "./demo-prowler.ts";
import { readinessFiles } from "./demo-readiness.ts";
import { trivyScans } from "./demo-scans.ts";
import { secretScanningListing } from "./demo-secrets.ts";
import { TABLETOPS_CONFIG, tabletopsSnapshot } from "./demo-tabletops.ts";
import { monitorAlerts, monitorSnapshots, registrySnapshots } from "./demo-web3.ts";
import { mulberry32 } from "./seeded-random.ts";

export const DEMO_ORGANISATION = "Northwind Payments";
const SEED = 20_261_101;

const YEAR = 2026;
const MONTHS = 10;
/** The exports were taken at this instant: nothing later is known. */
const EXPORTED_AT = Date.UTC(YEAR, MONTHS, 1);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Planned monthly MTTD in minutes, Jan → Oct: the worsening trend. */
const MTTD_MINUTES = [4.2, 3.9, 4.1, 4.0, 4.3, 3.8, 4.1, 5.4, 7.0, 9.1];
/** Share of the alert-tuning effort done by each month, Jan → Oct: the improvement. */
const TUNING_PROGRESS = [0, 0, 0, 0, 0, 0, 0.1, 0.45, 0.75, 1];
/** False-positive share of the noisy rules before and after tuning. */
const NOISY_FP_BEFORE = 0.68;
const NOISY_FP_AFTER = 0.18;

// ---------------------------------------------------------------------------
// Seeded randomness

/** FNV-1a, to derive one independent stream per purpose from the seed. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

class Random {
  private readonly next: () => number;

  /**
   * Each purpose (incidents of March, alerts of May, …) gets its own stream,
   * so tuning one part of the storyline does not reshuffle all the others.
   */
  constructor(label: string) {
    this.next = mulberry32(hash(label) ^ SEED);
  }

  float(): number {
    return this.next();
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  weighted<T extends { weight: number }>(items: readonly T[]): T {
    const total = items.reduce((sum, item) => sum + item.weight, 0);
    let roll = this.next() * total;
    for (const item of items) {
      roll -= item.weight;
      if (roll < 0) return item;
    }
    return items[items.length - 1] as T;
  }

  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** Response times are right-skewed: a few incidents take many times the median. */
  lognormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  poisson(lambda: number): number {
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }
}

// ---------------------------------------------------------------------------
// Northwind's tools, services and incident scenarios

interface Rule {
  source: string;
  rule: string;
  severity: "critical" | "high" | "medium" | "low" | "info";
  /** Relative alert volume. */
  weight: number;
  /** False-positive share; noisy rules follow the tuning plan instead. */
  fp: number;
  noisy?: boolean;
}

const RULES: readonly Rule[] = [
  {
    source: "GuardDuty",
    rule: "UnauthorizedAccess:IAMUser/ConsoleLoginSuccess.B",
    severity: "high",
    weight: 3,
    fp: 0.2,
  },
  { source: "GuardDuty", rule: "Recon:EC2/PortProbeUnprotectedPort", severity: "low", weight: 8, fp: 0.15 },
  { source: "GuardDuty", rule: "Discovery:S3/AnomalousBehavior", severity: "medium", weight: 3, fp: 0.3 },
  {
    source: "Falco",
    rule: "Terminal shell in container",
    severity: "medium",
    weight: 10,
    fp: 0,
    noisy: true,
  },
  { source: "Falco", rule: "Write below binary dir", severity: "high", weight: 2, fp: 0.1 },
  { source: "Falco", rule: "Outbound connection to C2 server", severity: "critical", weight: 0.5, fp: 0.25 },
  {
    source: "Wazuh",
    rule: "File integrity monitoring: file modified",
    severity: "low",
    weight: 12,
    fp: 0,
    noisy: true,
  },
  {
    source: "Wazuh",
    rule: "sshd: brute force trying to get access",
    severity: "medium",
    weight: 6,
    fp: 0.05,
  },
  { source: "Wazuh", rule: "Multiple authentication failures", severity: "medium", weight: 5, fp: 0.1 },
  { source: "Wazuh", rule: "Malware signature detected", severity: "high", weight: 1, fp: 0.15 },
  { source: "Cloudflare WAF", rule: "SQLi probe blocked", severity: "low", weight: 10, fp: 0.08 },
  { source: "Cloudflare WAF", rule: "Login rate limit exceeded", severity: "medium", weight: 8, fp: 0.12 },
  {
    source: "Cloudflare WAF",
    rule: "Bot score below threshold on /v1/payouts",
    severity: "medium",
    weight: 5,
    fp: 0,
    noisy: true,
  },
  { source: "Cloudflare WAF", rule: "HTTP request flood", severity: "high", weight: 1, fp: 0.1 },
  { source: "Okta", rule: "Impossible travel", severity: "high", weight: 4, fp: 0, noisy: true },
  { source: "Okta", rule: "MFA push fatigue pattern", severity: "high", weight: 1, fp: 0.2 },
  { source: "Okta", rule: "Admin role assigned", severity: "medium", weight: 1.5, fp: 0.05 },
  { source: "GitHub", rule: "Secret detected in public repository", severity: "high", weight: 0.5, fp: 0.1 },
  { source: "Fraud engine", rule: "Card testing velocity spike", severity: "medium", weight: 3, fp: 0.2 },
];

function findRule(name: string): Rule {
  const rule = RULES.find((r) => r.rule === name);
  if (!rule) throw new Error(`demo data: no rule named ${name}`);
  return rule;
}

type RootCause = readonly [cause: string, category: string];

interface Scenario {
  title: string;
  services: readonly string[];
  owner: string;
  weight: number;
  /** Alert rules that detect it; empty when people report it (customers, staff). */
  rules: readonly string[];
  rootCauses: readonly RootCause[];
}

const SCENARIOS: readonly Scenario[] = [
  {
    title: "Credential stuffing against {service} login",
    services: ["merchant-portal", "consumer-app-api"],
    owner: "identity-team",
    weight: 14,
    rules: ["Login rate limit exceeded", "Multiple authentication failures"],
    rootCauses: [
      [
        "Customer passwords reused from a third-party breach; legacy /v1/login had no rate limit",
        "credential_compromise",
      ],
      ["Bot mitigation disabled on the login route during a CDN migration", "misconfiguration"],
    ],
  },
  {
    title: "Phishing campaign targeting finance staff",
    services: ["corporate-email"],
    owner: "it-security",
    weight: 12,
    rules: ["MFA push fatigue pattern"],
    rootCauses: [
      ["Lookalike domain not on the mail gateway block list", "human_error"],
      ["Employee approved an MFA push from an unknown device", "human_error"],
    ],
  },
  {
    title: "Suspicious shell in {service} container",
    services: ["payments-api", "ledger", "payouts"],
    owner: "platform-security",
    weight: 9,
    rules: ["Terminal shell in container", "Outbound connection to C2 server"],
    rootCauses: [
      ["Debug sidecar image with a shell left in production", "misconfiguration"],
      ["Image-processing library with a known RCE in the base image", "vulnerable_dependency"],
    ],
  },
  {
    title: "Leaked API key for {service}",
    services: ["payouts", "webhooks", "merchant-api"],
    owner: "appsec",
    weight: 6,
    rules: ["Secret detected in public repository"],
    rootCauses: [
      ["Service key committed to a public sample repository", "secrets_exposure"],
      ["Key printed in the logs of a public CI pipeline", "secrets_exposure"],
    ],
  },
  {
    title: "Request flood against {service}",
    services: ["payments-api", "checkout"],
    owner: "sre-payments",
    weight: 7,
    rules: ["HTTP request flood"],
    rootCauses: [
      ["Layer-7 flood from a rented botnet; origin rate limits set too high", "capacity"],
      ["Upstream DDoS protection not enabled on a new hostname", "misconfiguration"],
    ],
  },
  {
    title: "Anomalous data access in {service}",
    services: ["ledger", "kyc-service", "data-warehouse"],
    owner: "data-platform",
    weight: 7,
    rules: ["Discovery:S3/AnomalousBehavior", "UnauthorizedAccess:IAMUser/ConsoleLoginSuccess.B"],
    rootCauses: [
      ["Analyst role kept production read access after a team move", "access_control"],
      ["Over-broad IAM policy on the KYC document bucket", "misconfiguration"],
    ],
  },
  {
    title: "Card testing attack on {service}",
    services: ["checkout", "merchant-api"],
    owner: "fraud-team",
    weight: 10,
    rules: ["Card testing velocity spike", "Bot score below threshold on /v1/payouts"],
    rootCauses: [
      ["No CAPTCHA on guest checkout", "missing_control"],
      ["Velocity limits not applied to a newly onboarded merchant", "process_gap"],
    ],
  },
  {
    title: "Malware on an employee laptop",
    services: ["endpoints"],
    owner: "it-security",
    weight: 10,
    rules: ["Malware signature detected"],
    rootCauses: [
      ["Unsigned browser extension installed from a forum link", "human_error"],
      ["Endpoint agent disabled after an OS upgrade", "missing_control"],
    ],
  },
  {
    title: "Expired TLS certificate on {service}",
    services: ["webhooks", "merchant-api"],
    owner: "sre-payments",
    weight: 4,
    rules: [],
    rootCauses: [["Renewal job failed silently after a DNS provider change", "misconfiguration"]],
  },
  {
    title: "Unapproved admin role grant in the identity provider",
    services: ["okta"],
    owner: "identity-team",
    weight: 5,
    rules: ["Admin role assigned"],
    rootCauses: [["Helpdesk bypassed approval for an urgent access request", "process_gap"]],
  },
  {
    title: "SSH brute force against the bastion host",
    services: ["bastion"],
    owner: "platform-security",
    weight: 8,
    rules: ["sshd: brute force trying to get access"],
    rootCauses: [["Bastion security group opened to 0.0.0.0/0 during maintenance", "misconfiguration"]],
  },
  {
    title: "Exploitation attempt of a known CVE in {service}",
    services: ["payments-api", "merchant-portal"],
    owner: "appsec",
    weight: 8,
    rules: ["SQLi probe blocked", "Write below binary dir"],
    rootCauses: [
      ["Web framework two minor versions behind, past its patch SLA", "vulnerable_dependency"],
      ["Payment processor SDK shipped a vulnerable transitive dependency", "third_party"],
    ],
  },
];

const DRILLS: readonly { title: string; service: string }[] = [
  { title: "Drill: ransomware on the finance file share (tabletop)", service: "corporate-it" },
  { title: "Drill: production database credentials leaked", service: "ledger" },
  { title: "Drill: card data exfiltration through a compromised vendor", service: "checkout" },
  { title: "Drill: layer-7 DDoS on the payments API", service: "payments-api" },
  { title: "Drill: payments engineer phished, session token stolen", service: "okta" },
  { title: "Drill: malicious package in the build pipeline", service: "ci" },
  { title: "Drill: cloud account root credentials compromised", service: "aws-org" },
  { title: "Drill: insider exports KYC documents", service: "kyc-service" },
  { title: "Drill: webhook signing key leaked", service: "webhooks" },
  { title: "Drill: payout fraud through a hijacked merchant account", service: "payouts" },
];

type Sev = "SEV1" | "SEV2" | "SEV3" | "SEV4";

const SEVERITY_MIX: readonly { sev: Sev; weight: number }[] = [
  { sev: "SEV1", weight: 4 },
  { sev: "SEV2", weight: 15 },
  { sev: "SEV3", weight: 41 },
  { sev: "SEV4", weight: 40 },
];

/** Medians in minutes by severity: higher severities are paged and worked faster. */
const ACK_MINUTES: Record<Sev, number> = { SEV1: 2, SEV2: 4, SEV3: 7, SEV4: 12 };
const RESPOND_MINUTES: Record<Sev, number> = { SEV1: 15, SEV2: 25, SEV3: 35, SEV4: 50 };
const RECOVER_MINUTES: Record<Sev, number> = { SEV1: 90, SEV2: 480, SEV3: 1200, SEV4: 3000 };
/** The recovery SLAs of the demo config (they match secmetrics' defaults). */
const SLA_HOURS: Record<Sev, number> = { SEV1: 4, SEV2: 24, SEV3: 72, SEV4: 168 };

// ---------------------------------------------------------------------------
// Incidents

interface DemoIncident {
  id: string;
  title: string;
  severity: Sev;
  status: string;
  started_at: number | null;
  detected_at: number;
  reported_at: number | null;
  acknowledged_at: number | null;
  responded_at: number | null;
  recovered_at: number | null;
  closed_at: number | null;
  synthetic: boolean;
  root_cause: string | null;
  root_cause_category: string | null;
  service: string;
  owner: string;
  customer_impact: string;
  /** Not exported: the rules whose alerts were escalated to it. */
  rules: readonly string[];
}

const INCIDENT_COLUMNS = [
  "id",
  "title",
  "severity",
  "status",
  "started_at",
  "detected_at",
  "reported_at",
  "acknowledged_at",
  "responded_at",
  "recovered_at",
  "closed_at",
  "synthetic",
  "root_cause",
  "root_cause_category",
  "service",
  "owner",
  // Not a secmetrics field: kept as an attribute, as any unknown column is.
  "customer_impact",
] as const;

function monthStart(month: number): number {
  return Date.UTC(YEAR, month, 1);
}

function monthLabel(month: number): string {
  return `${YEAR}-${String(month + 1).padStart(2, "0")}`;
}

/** Whole seconds: incident tools do not export milliseconds. */
function seconds(ms: number): number {
  return Math.round(ms / 1000) * 1000;
}

function generateIncidents(): DemoIncident[] {
  const incidents: DemoIncident[] = [];
  for (let month = 0; month < MONTHS; month++) {
    incidents.push(...productionIncidents(month), drill(month));
  }
  incidents.sort((a, b) => a.detected_at - b.detected_at);
  let sequence = 0;
  for (const incident of incidents) {
    if (!incident.synthetic) incident.id = `INC-${YEAR}-${String(++sequence).padStart(4, "0")}`;
  }
  markStillOpen(incidents);
  for (const incident of incidents) incident.status = statusOf(incident);
  return incidents;
}

function productionIncidents(month: number): DemoIncident[] {
  const random = new Random(`incidents ${month}`);
  const start = monthStart(month);
  const length = monthStart(month + 1) - start;
  const count = Math.min(30, Math.max(12, random.poisson(20)));
  const incidents: DemoIncident[] = [];
  const detectRaw: number[] = [];
  for (let i = 0; i < count; i++) {
    const scenario = random.weighted(SCENARIOS);
    const service = random.pick(scenario.services);
    const severity = random.weighted(SEVERITY_MIX).sev;
    const detected = seconds(start + random.float() * length);
    const serious = severity === "SEV1" || severity === "SEV2";
    const [cause, category] =
      serious || random.chance(0.35) ? random.pick(scenario.rootCauses) : [null, null];
    detectRaw.push(random.lognormal(1, 0.7));
    const acknowledged = detected + random.lognormal(ACK_MINUTES[severity], 0.6) * MINUTE;
    const responded = detected + random.lognormal(RESPOND_MINUTES[severity], 0.6) * MINUTE;
    const recovered = responded + random.lognormal(RECOVER_MINUTES[severity], 1) * MINUTE;
    // Post-mortems for SEV1/2 take days; minor incidents close soon after recovery.
    const closed = recovered + (serious ? random.int(2, 10) * DAY : random.lognormal(6, 1) * HOUR);
    incidents.push({
      id: "",
      title: scenario.title.replace("{service}", service),
      severity,
      status: "",
      // Nobody could say when some minor incidents began.
      started_at: severity !== "SEV1" && random.chance(0.08) ? null : detected,
      detected_at: detected,
      reported_at: seconds(detected + random.lognormal(3, 0.5) * MINUTE),
      acknowledged_at: seconds(acknowledged),
      responded_at: seconds(Math.max(acknowledged, responded)),
      recovered_at: seconds(Math.max(acknowledged, recovered)),
      closed_at: seconds(closed),
      synthetic: false,
      root_cause: cause,
      root_cause_category: category,
      service,
      owner: scenario.owner,
      customer_impact: impactOf(severity, random),
      rules: scenario.rules.length > 0 && random.chance(0.85) ? scenario.rules : [],
    });
  }
  // Durations are drawn lognormal, then scaled so that the month's mean
  // follows the storyline; sampling noise of ~20 incidents would blur it.
  const known = incidents.flatMap((incident, i) =>
    incident.started_at === null ? [] : [detectRaw[i] as number],
  );
  const scale =
    ((MTTD_MINUTES[month] as number) * MINUTE) / (known.reduce((a, b) => a + b, 0) / known.length);
  incidents.forEach((incident, i) => {
    if (incident.started_at !== null) {
      incident.started_at = incident.detected_at - Math.max(1000, seconds((detectRaw[i] as number) * scale));
    }
  });
  return incidents;
}

function impactOf(severity: Sev, random: Random): string {
  if (severity === "SEV1") return "outage";
  if (severity === "SEV2") return random.chance(0.6) ? "degraded" : "none";
  return random.chance(0.1) ? "degraded" : "none";
}

function drill(month: number): DemoIncident {
  const random = new Random(`drill ${month}`);
  const scenario = DRILLS[month % DRILLS.length] as (typeof DRILLS)[number];
  // A weekday morning in the second or third week.
  let day = random.int(8, 20);
  while ([0, 6].includes(new Date(Date.UTC(YEAR, month, day)).getUTCDay())) day++;
  const started = Date.UTC(YEAR, month, day, 9, 30);
  const detected = seconds(started + random.lognormal(6, 0.4) * MINUTE);
  const acknowledged = seconds(detected + random.lognormal(3, 0.4) * MINUTE);
  const responded = seconds(acknowledged + random.lognormal(25, 0.4) * MINUTE);
  const recovered = seconds(responded + random.lognormal(60, 0.3) * MINUTE);
  return {
    id: `DRILL-${monthLabel(month)}`,
    title: scenario.title,
    severity: random.chance(0.5) ? "SEV1" : "SEV2",
    status: "",
    started_at: started,
    detected_at: detected,
    reported_at: acknowledged,
    acknowledged_at: acknowledged,
    responded_at: responded,
    recovered_at: recovered,
    closed_at: recovered + 2 * DAY,
    synthetic: true,
    root_cause: null,
    root_cause_category: null,
    service: scenario.service,
    owner: "secops",
    customer_impact: "none",
    rules: [],
  };
}

/**
 * The export knows nothing after EXPORTED_AT. Besides the incidents whose
 * timeline naturally runs past it, three recent minor ones are stalled in
 * investigation (acknowledged, not yet contained). They are picked inside
 * their SLA, so that the open items show without distorting October's SLA rate.
 */
function markStillOpen(incidents: DemoIncident[]): void {
  const october = monthStart(MONTHS - 1);
  const stalled = incidents
    .filter(
      (i) =>
        !i.synthetic &&
        i.detected_at >= october &&
        (i.severity === "SEV3" || i.severity === "SEV4") &&
        i.detected_at + SLA_HOURS[i.severity] * HOUR > EXPORTED_AT,
    )
    .slice(-3);
  for (const incident of stalled) {
    incident.responded_at = null;
    incident.recovered_at = null;
    incident.closed_at = null;
    incident.root_cause = null;
    incident.root_cause_category = null;
  }
  const fields = ["reported_at", "acknowledged_at", "responded_at", "recovered_at", "closed_at"] as const;
  for (const incident of incidents) {
    let unknown = false;
    for (const field of fields) {
      const value = incident[field];
      if (unknown || (value !== null && value > EXPORTED_AT)) {
        unknown = true;
        incident[field] = null;
      }
    }
    if (incident.recovered_at === null) {
      incident.root_cause = null;
      incident.root_cause_category = null;
    }
  }
}

function statusOf(incident: DemoIncident): string {
  if (incident.closed_at !== null) return "closed";
  if (incident.recovered_at !== null) return "resolved";
  if (incident.responded_at !== null) return "mitigated";
  if (incident.acknowledged_at !== null) return "investigating";
  return "triage";
}

function incidentsCsv(incidents: readonly DemoIncident[]): string {
  const lines = [INCIDENT_COLUMNS.join(",")];
  for (const incident of incidents) {
    lines.push(
      INCIDENT_COLUMNS.map((column) => {
        const value = incident[column];
        if (value === null) return "";
        if (typeof value === "boolean") return String(value);
        if (typeof value === "number") return iso(value);
        return csvField(value);
      }).join(","),
    );
  }
  return `${lines.join("\n")}\n`;
}

function csvField(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(".000Z", "Z");
}

// ---------------------------------------------------------------------------
// Alerts

interface DemoAlert {
  created_at: number;
  severity: Rule["severity"];
  source: string;
  rule: string;
  disposition: "open" | "true_positive" | "false_positive" | "benign";
  triaged_at: number | null;
  incident_id: string | null;
}

/** Alerts per day on a weekday; weekends see fewer deploys, logins and scans. */
const ALERTS_PER_WEEKDAY = 108;
const WEEKEND_FACTOR = 0.7;

function generateAlerts(incidents: readonly DemoIncident[]): DemoAlert[] {
  const alerts: DemoAlert[] = [];
  for (let month = 0; month < MONTHS; month++) {
    const monitors = month === 9 ? monitorAlerts() : [];
    const monthAlerts = [...routineAlerts(month), ...escalatedAlerts(month, incidents), ...monitors];
    monthAlerts.sort((a, b) => a.created_at - b.created_at);
    alerts.push(...monthAlerts);
  }
  return alerts;
}

function routineAlerts(month: number): DemoAlert[] {
  const random = new Random(`alerts ${month}`);
  const progress = TUNING_PROGRESS[month] as number;
  const noisyFp = NOISY_FP_BEFORE - (NOISY_FP_BEFORE - NOISY_FP_AFTER) * progress;
  const volume = 1 + 0.04 * random.normal();
  const alerts: DemoAlert[] = [];
  for (let day = monthStart(month); day < monthStart(month + 1); day += DAY) {
    const weekend = [0, 6].includes(new Date(day).getUTCDay());
    const mean = ALERTS_PER_WEEKDAY * volume * (weekend ? WEEKEND_FACTOR : 1);
    const count = Math.max(0, Math.round(mean + Math.sqrt(mean) * random.normal()));
    for (let i = 0; i < count; i++) {
      const rule = random.weighted(RULES);
      const created = day + Math.floor(random.float() * DAY);
      const fp = rule.noisy ? noisyFp : rule.fp;
      const roll = random.float();
      const disposition =
        roll < fp ? "false_positive" : roll < fp + (1 - fp) * 0.12 ? "true_positive" : "benign";
      const urgent = rule.severity === "critical" || rule.severity === "high";
      const triaged = seconds(created + random.lognormal(urgent ? 10 : 30, 1.1) * MINUTE);
      // A handful sit forgotten in the queue; the newest are simply not triaged yet.
      const open = triaged > EXPORTED_AT || random.chance(0.002);
      alerts.push({
        created_at: seconds(created),
        severity: rule.severity,
        source: rule.source,
        rule: rule.rule,
        disposition: open ? "open" : disposition,
        triaged_at: open ? null : triaged,
        incident_id: null,
      });
    }
  }
  return alerts;
}

/** The alerts that detected an incident, escalated to it: the alert-to-incident link. */
function escalatedAlerts(month: number, incidents: readonly DemoIncident[]): DemoAlert[] {
  const random = new Random(`escalations ${month}`);
  const start = monthStart(month);
  const end = monthStart(month + 1);
  const alerts: DemoAlert[] = [];
  for (const incident of incidents) {
    if (incident.rules.length === 0 || incident.detected_at < start || incident.detected_at >= end) continue;
    const count = 1 + random.poisson(0.8);
    for (let i = 0; i < count; i++) {
      const rule = findRule(incident.rules[i % incident.rules.length] as string);
      // The first alert is the detection; the others are related ones that followed.
      const created = seconds(
        i === 0
          ? incident.detected_at - random.int(0, 90) * 1000
          : incident.detected_at + random.lognormal(15, 0.8) * MINUTE,
      );
      if (created >= EXPORTED_AT) continue;
      const triaged = Math.min(
        EXPORTED_AT,
        Math.max(created, incident.acknowledged_at ?? created + random.int(2, 10) * MINUTE),
      );
      alerts.push({
        created_at: Math.max(start, created),
        severity: rule.severity,
        source: rule.source,
        rule: rule.rule,
        disposition: "true_positive",
        triaged_at: Math.max(start, triaged),
        incident_id: incident.id,
      });
    }
  }
  return alerts;
}

function alertsNdjson(alerts: readonly DemoAlert[]): string {
  return alerts
    .map((alert, index) =>
      JSON.stringify({
        id: `ALR-${String(index + 1).padStart(7, "0")}`,
        created_at: iso(alert.created_at),
        severity: alert.severity,
        source: alert.source,
        rule: alert.rule,
        disposition: alert.disposition,
        triaged_at: alert.triaged_at === null ? null : iso(alert.triaged_at),
        incident_id: alert.incident_id,
      }),
    )
    .map((line) => `${line}\n`)
    .join("");
}

// ---------------------------------------------------------------------------
// Config

function sprints(): string {
  // Two-week sprints from the first Monday of the year, as far as the data reaches.
  const lines: string[] = [];
  for (let n = 1, start = Date.UTC(YEAR, 0, 5); start + 14 * DAY <= EXPORTED_AT; n++, start += 14 * DAY) {
    const name = `${YEAR}-S${String(n).padStart(2, "0")}`;
    lines.push(
      `  - { name: ${name}, start: ${iso(start).slice(0, 10)}, end: ${iso(start + 14 * DAY).slice(0, 10)} }`,
    );
  }
  return lines.join("\n");
}

function configYaml(): string {
  return `# secmetrics configuration of the Northwind Payments demo
# (written by scripts/demo-data.ts; \`secmetrics init\` writes a commented starter file).
organisation: ${DEMO_ORGANISATION}
timezone: UTC
history: 6

# Every metric of a category belongs to its owner unless the metric names its own.
categories:
  detection_response: { owner: Head of Security Operations }
  prevention_controls: { owner: Platform Security lead }
  identity_access: { owner: Identity & Access Management team }
  vulnerability_management: { owner: Vulnerability Management lead }
  application_security: { owner: Application Security lead }
  operational_hygiene: { owner: SRE lead }
  compliance: { owner: GRC & Compliance manager }
  program: { owner: CISO }
  web3: { owner: Smart Contract Security lead }
  bug_bounty: { owner: Application Security lead }

metrics:
  mttd: { target: "< 5m" }
  mtta: { target: "< 10m", owner: SecOps on-call lead }
  mttr: { target: "< 1h" }
  mttrec: { target: "< 24h" }
  incidents_within_sla: { target: ">= 95" }
  false_positive_rate: { target: "< 20", owner: Detection Engineering lead }
  alert_to_incident_ratio: { owner: Detection Engineering lead }

# Recovery SLA per incident severity (SEV1 = critical … SEV4 = low).
incident_sla:
  critical: 4h
  high: 24h
  medium: 72h
  low: 7d
  info: 30d

# Time to fix a scanner finding, by severity (the defaults, written out);
# a due date is frozen when the finding is first seen.
vulnerability_sla:
  critical: 7d
  high: 30d
  medium: 90d
  low: 120d

# A scan target not scanned again for this long is "not rescanned": its
# findings are shown apart until it is scanned again or retired.
scans:
  retire_after: 30d

# The Risk team is Northwind's security function: near-misses its people
# report are not counted as reported by staff.
people:
  security_teams: [Risk]

# One tabletop exercise a quarter, due by the quarter's end.
${TABLETOPS_CONFIG}
# Two-week sprints, for \`secmetrics report iteration --period ${YEAR}-S21\`.
iterations:
${sprints()}
${ASSESSMENT_SCHEDULE_YAML}
# Protocol governance: the space's and the Governor's voting power, the timelock's executions.
${GOVERNANCE_CONFIG}
${PUBLIC_POSTMORTEMS_CONFIG}
# Other projects' incidents: a week to triage those on our chains.
${EXTERNAL_INCIDENTS_CONFIG}`;
}

// ---------------------------------------------------------------------------

export interface DemoData {
  /**
   * The data files to import: incidents.csv, alerts.ndjson, weekly Trivy scans of five images,
   * then the operations logs, inventories, deployments and plans (demo-operations.ts), then the
   * monthly OpenSCAP results of three hosts (demo-compliance.ts) and Prowler scans of the AWS
   * account (demo-prowler.ts), then the monthly exceptions registers (demo-exceptions.ts) and audit
   * findings registers (demo-audit-findings.ts), then the monthly managed inventories and nmap
   * scans (demo-assets.ts), then the rosters, training records and bug bounty export (demo-program.ts),
   * then the near-misses (demo-learning.ts), then the IR plans, Alertmanager scrapes and
   * heartbeat log (demo-readiness.ts), then the application security files (demo-appsec.ts) and
   * the organization's secret scanning alerts (demo-secrets.ts), then fraud-scoring's GitHub
   * deployments (demo-github-deployments.ts).
   */
  files: string[];
  /**
   * The smart contract deployments registry's monthly snapshots, then the monitor configuration's
   * (demo-web3.ts), then the tabletop exercise reports (demo-tabletops.ts), then the post-mortems
   * folder at each month's end (demo-learning.ts): each a folder imported whole, with `--scanned-at`
   * (a folder says no time of its own).
   */
  registries: { folder: string; scannedAt: string }[];
  /** The organisation's secmetrics.yaml. */
  config: string;
  /**
   * Files that say no time of their own (the Safe Transaction Service pulls of demo-keys.ts),
   * each imported with the `--scanned-at` of its pull.
   */
  pulls: { file: string; scannedAt: string }[];
}

/** Writes each named text into `dir` (made if missing); their paths, in order. */
function writeFiles(dir: string, files: readonly { name: string; text: string }[]): string[] {
  mkdirSync(dir, { recursive: true });
  return files.map(({ name, text }) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  });
}

export function generateDemoData(dir: string): DemoData {
  mkdirSync(dir, { recursive: true });
  const incidents = generateIncidents();
  const alerts = generateAlerts(incidents);
  const yaml = configYaml();
  // Fail here rather than in the demo if the config ever stops matching the schema.
  parseConfig(parseYaml(yaml), "demo secmetrics.yaml", (id) => findMetric(id) !== undefined);

  const incidentsPath = join(dir, "incidents.csv");
  const alertsPath = join(dir, "alerts.ndjson");
  const configPath = join(dir, "secmetrics.yaml");
  writeFileSync(incidentsPath, incidentsCsv(incidents));
  writeFileSync(alertsPath, alertsNdjson(alerts));
  writeFileSync(configPath, yaml);
  const scanPaths = writeFiles(
    join(dir, "scans"),
    trivyScans((label) => new Random(label), iso),
  );
  const operationsPaths = writeFiles(
    join(dir, "operations"),
    operationsFiles((label) => new Random(label)),
  );
  const compliancePaths = writeFiles(join(dir, "compliance"), [...complianceScans(), ...prowlerScans()]);
  const exceptionsPaths = writeFiles(join(dir, "exceptions"), exceptionRegisters());
  const auditPaths = writeFiles(join(dir, "audit"), auditFindingRegisters());
  const assetPaths = writeFiles(join(dir, "assets"), [...assetInventories(), ...nmapScans()]);
  const programPaths = writeFiles(join(dir, "program"), [
    ...programFiles(),
    ...assessmentRegisters(),
    ...maturityFiles(),
  ]);
  const folders = [...registrySnapshots(), ...monitorSnapshots()].map((snapshot) => ({
    snapshot,
    area: "web3",
  }));
  folders.push({ snapshot: tabletopsSnapshot(), area: "program" });
  const registries = folders.map(({ snapshot, area }) => {
    const folder = join(dir, area, snapshot.name);
    for (const file of snapshot.files) {
      mkdirSync(dirname(join(folder, file.path)), { recursive: true });
      writeFileSync(join(folder, file.path), file.text);
    }
    return { folder, scannedAt: snapshot.scanned_at };
  });
  const learningPaths = writeFiles(join(dir, "learning"), [nearMissesCsv()]);
  const governancePaths = writeFiles(join(dir, "web3"), [
    snapshotProposalsJson(),
    governorLogsJson(),
    externalIncidentsList(),
    externalTriageCsv(),
  ]);
  const keyPaths = writeFiles(join(dir, "web3"), keyInventories());
  const pulls = safePulls().map((pull) => ({
    file: writeFiles(join(dir, "web3"), [pull])[0] as string,
    scannedAt: pull.scannedAt,
  }));
  const readinessPaths = writeFiles(join(dir, "readiness"), readinessFiles());
  const appsec = appsecFiles();
  const appsecPaths = writeFiles(join(dir, "appsec"), appsec);
  // Package listings carry no time of their own: the file's modification time is when the build wrote it.
  for (const [index, file] of appsec.entries())
    if ("listed_at" in file) {
      const at = new Date(file.listed_at);
      utimesSync(appsecPaths[index] as string, at, at);
    }
  const secretsPaths = writeFiles(join(dir, "appsec"), [secretScanningListing()]);
  const githubDeploymentsPaths = writeFiles(join(dir, "operations"), [githubDeploymentsListing()]);
  const postmortemFolders = postmortemSnapshots().map((snapshot) => {
    const folder = join(dir, "learning", snapshot.name);
    writeFiles(folder, snapshot.files);
    return { folder, scannedAt: snapshot.scanned_at };
  });
  return {
    files: [
      incidentsPath,
      alertsPath,
      ...scanPaths,
      ...operationsPaths,
      ...compliancePaths,
      ...exceptionsPaths,
      ...auditPaths,
      ...assetPaths,
      ...programPaths,
      ...learningPaths,
      ...governancePaths,
      ...keyPaths,
      ...readinessPaths,
      ...appsecPaths,
      ...secretsPaths,
      ...githubDeploymentsPaths,
    ],
    registries: [...registries, ...postmortemFolders],
    config: configPath,
    pulls,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const { stdout, stderr } = formatDemoListing(generateDemoData(resolve(process.argv[2] ?? "demo/data")));
  for (const line of stdout) console.log(line);
  for (const line of stderr) console.error(line);
}
