/**
 * Deterministic large inputs for `npm run bench`: alerts in the alerts-csv
 * format and incidents in the incidents-csv format, spread over the 12
 * months 2025-11 → 2026-10. Rows are written to disk in chunks as they are
 * made, so generating 1,000,000 alerts needs no more memory than 1,000.
 * Run alone: `npx tsx bench/generate.ts [dir]`.
 */
import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { mulberry32 } from "../scripts/seeded-random.ts";

export const SPAN_START = Date.UTC(2025, 10, 1);
export const SPAN_END = Date.UTC(2026, 10, 1);

const FLUSH_BYTES = 1 << 20;

/** Appends lines to a file in ~1 MB writes. */
class LineFile {
  private readonly fd: number;
  private pending: string[] = [];
  private pendingBytes = 0;
  bytes = 0;

  constructor(path: string) {
    this.fd = openSync(path, "w");
  }

  line(text: string): void {
    this.pending.push(text);
    this.pendingBytes += text.length + 1;
    if (this.pendingBytes >= FLUSH_BYTES) this.flush();
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.bytes += writeSync(this.fd, `${this.pending.join("\n")}\n`);
    this.pending = [];
    this.pendingBytes = 0;
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(".000Z", "Z");
}

function lognormal(random: () => number, median: number, sigma: number): number {
  const u = 1 - random();
  return median * Math.exp(sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random()));
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

// One rule name holds a comma and quotes, so the CSV parser's quoting path is measured too.
const RULES = [
  ["GuardDuty", "Recon:EC2/PortProbeUnprotectedPort", "low"],
  ["GuardDuty", "UnauthorizedAccess:IAMUser/ConsoleLoginSuccess.B", "high"],
  ["Falco", "Terminal shell in container", "medium"],
  ["Falco", "Outbound connection to C2 server", "critical"],
  ["Wazuh", "File integrity monitoring: file modified", "low"],
  ["Wazuh", '"sshd: brute force, trying to get access"', "medium"],
  ["Cloudflare WAF", "SQLi probe blocked", "low"],
  ["Cloudflare WAF", "Login rate limit exceeded", "medium"],
  ["Okta", "Impossible travel", "high"],
  ["Okta", "MFA push fatigue pattern", "high"],
  ["Fraud engine", "Card testing velocity spike", "info"],
] as const;

export interface Generated {
  path: string;
  rows: number;
  bytes: number;
}

/**
 * `count` alerts in created_at order. About 2% are escalated to one of
 * `incidents` incidents near them in time; 1% are still open.
 */
export function generateAlertsCsv(path: string, count: number, incidents: number, seed = 1): Generated {
  const random = mulberry32(seed);
  const file = new LineFile(path);
  file.line("id,created_at,severity,source,rule,disposition,triaged_at,incident_id");
  const step = (SPAN_END - SPAN_START) / count;
  for (let i = 0; i < count; i++) {
    const created = Math.floor((SPAN_START + (i + random()) * step) / 1000) * 1000;
    const [source, rule, severity] = pick(random, RULES);
    const roll = random();
    const escalated = roll < 0.02;
    const disposition =
      roll < 0.1 ? "true_positive" : roll < 0.4 ? "false_positive" : roll < 0.99 ? "benign" : "open";
    const triaged =
      disposition === "open" ? "" : iso(created + Math.round(lognormal(random, 20, 1.1) * 60) * 1000);
    const incident = escalated
      ? `INC-${String(Math.floor((i / count) * incidents) + 1).padStart(6, "0")}`
      : "";
    file.line(
      `ALR-${String(i + 1).padStart(8, "0")},${iso(created)},${severity},${source},${rule},${disposition},${triaged},${incident}`,
    );
  }
  file.close();
  return { path, rows: count, bytes: file.bytes };
}

const SEVERITIES = ["SEV1", "SEV2", "SEV2", "SEV3", "SEV3", "SEV3", "SEV4", "SEV4", "SEV4", "SEV4"] as const;
const SERVICES = [
  "payments-api",
  "ledger",
  "checkout",
  "merchant-portal",
  "kyc-service",
  "payouts",
  "webhooks",
];
const OWNERS = ["secops", "sre-payments", "identity-team", "platform-security", "appsec"];
const ROOT_CAUSES = [
  ["Bot mitigation disabled on the login route", "misconfiguration"],
  ["Service key committed to a public repository", "secrets_exposure"],
  ["Framework past its patch SLA", "vulnerable_dependency"],
  ["Employee approved an unexpected MFA push", "human_error"],
] as const;

/** `count` incidents in detected_at order; 1 in 50 is a drill, the last few are still open. */
export function generateIncidentsCsv(path: string, count: number, seed = 2): Generated {
  const random = mulberry32(seed);
  const file = new LineFile(path);
  file.line(
    "id,title,severity,status,started_at,detected_at,reported_at,acknowledged_at,responded_at,recovered_at,closed_at,synthetic,root_cause,root_cause_category,service,owner",
  );
  const step = (SPAN_END - SPAN_START) / count;
  const minutes = (median: number, sigma: number) => Math.round(lognormal(random, median, sigma) * 60) * 1000;
  for (let i = 0; i < count; i++) {
    const detected = Math.floor((SPAN_START + (i + random()) * step) / 1000) * 1000;
    const severity = pick(random, SEVERITIES);
    const service = pick(random, SERVICES);
    const started = random() < 0.1 ? null : detected - minutes(4, 0.7);
    const acknowledged = detected + minutes(6, 0.6);
    const responded = acknowledged + minutes(30, 0.8);
    const recovered = responded + minutes(600, 1);
    const closed = recovered + minutes(2880, 0.5);
    const open = i >= count - 20;
    const [cause, category] =
      severity === "SEV1" || severity === "SEV2" ? pick(random, ROOT_CAUSES) : ["", ""];
    const at = (ms: number | null) => (ms === null ? "" : iso(ms));
    file.line(
      [
        `INC-${String(i + 1).padStart(6, "0")}`,
        `"Suspicious activity on ${service}, case ${i + 1}"`,
        severity,
        open ? "investigating" : "closed",
        at(started),
        at(detected),
        at(detected + minutes(2, 0.5)),
        at(acknowledged),
        at(open ? null : responded),
        at(open ? null : recovered),
        at(open ? null : closed),
        i % 50 === 0 ? "true" : "false",
        cause,
        category,
        service,
        pick(random, OWNERS),
      ].join(","),
    );
  }
  file.close();
  return { path, rows: count, bytes: file.bytes };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const dir = resolve(process.argv[2] ?? "bench/out");
  mkdirSync(dir, { recursive: true });
  for (const generated of [
    generateAlertsCsv(join(dir, "alerts-1m.csv"), 1_000_000, 50_000),
    generateAlertsCsv(join(dir, "alerts-250k.csv"), 250_000, 50_000),
    generateIncidentsCsv(join(dir, "incidents-50k.csv"), 50_000),
  ]) {
    console.log(`${generated.path}: ${generated.rows} rows, ${(generated.bytes / 1e6).toFixed(1)} MB`);
  }
}
