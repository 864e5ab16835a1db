/**
 * Northwind Payments' incident-response readiness and monitoring health
 * for the demo: the IR plan as exported at the end of September and of
 * October 2026, Alertmanager's own metrics scraped at the start of
 * September and October and on the last evening of October (samples timestamped, as `promtool tsdb
 * dump` writes them), and the Watchdog heartbeat log of both months. No
 * randomness: the figures follow from the tables below.
 *
 * The storyline: the communications deputy (P20) left at the end of
 * August and nobody replaced them; the engineering lead has no deputy. The
 * ransomware runbook's quarterly review and the regulator runbook's annual
 * one lapse in October; the insider runbook was never reviewed nor
 * exercised (its tabletop ran no runbook).
 * The Watchdog went quiet for 25 minutes in September and 55 in October;
 * Slack's delivery got faster in October.
 */
import type { DemoFile } from "./demo-operations.ts";

const ROLES = [
  ["incident_commander", "Incident commander", "P01", "P02"],
  ["communications", "Communications lead", "P03", "P20"],
  ["legal", "Legal counsel", "P04", "p05@northwind.example"],
  ["engineering_lead", "Engineering lead", "P06", null],
  ["security_lead", "Security lead", "P08", "P10"],
  ["executive_sponsor", "Executive sponsor", "P11", "P13"],
] as const;

/** Each runbook: cadence, link, and its last review as the September and the October plans say. */
const RUNBOOKS = [
  ["RB-data-breach", "Card data breach", "P6M", "runbooks/data-breach.md", "2026-06-15", "2026-06-15"],
  ["RB-ransomware", "Ransomware", "quarterly", "runbooks/ransomware.md", "2026-07-20", "2026-07-20"],
  [
    "RB-backup-restore",
    "Restore from backup",
    "annually",
    "runbooks/backup-restore.md",
    "2026-02-01",
    "2026-02-01",
  ],
  ["RB-insider", "Insider threat", "P6M", "runbooks/insider.md", null, null],
  [
    "RB-supply-chain",
    "Supply-chain compromise",
    "P6M",
    "runbooks/supply-chain.md",
    "2026-03-10",
    "2026-10-25",
  ],
  [
    "RB-regulator",
    "Regulator and card scheme notification",
    "annually",
    "runbooks/regulator.md",
    "2025-10-15",
    "2025-10-15",
  ],
] as const;

function plan(month: "09" | "10", snapshotAt: string): DemoFile {
  const roles = ROLES.map(
    ([id, name, holder, deputy]) =>
      `  - { id: ${id}, name: ${name}, holder: ${holder}${deputy === null ? "" : `, deputy: ${deputy}`} }`,
  );
  const runbooks = RUNBOOKS.map(([id, title, every, link, september, october]) => {
    const reviewed = month === "09" ? september : october;
    return `  - { id: ${id}, title: ${title}, review_every: ${every}, link: ${link}${reviewed === null ? "" : `, last_reviewed: ${reviewed}`} }`;
  });
  return {
    name: `ir-plan-2026-${month}.yaml`,
    text: `id: IRP-northwind
title: Northwind Payments incident-response plan
owner: P08
snapshot_at: ${snapshotAt}
roles:
${roles.join("\n")}
contacts:
  - { id: acquirer, name: Acquiring bank fraud desk, type: card_scheme, phone: "+44 20 7946 0100" }
  - { id: insurer, name: Cyber insurer breach hotline, type: insurer, phone: "+44 20 7946 0101" }
escalation:
  - id: sev1
    trigger: SEV1 or any card data exposure
    steps:
      - { notify: [incident_commander, security_lead], within: PT15M }
      - { notify: [legal, communications, executive_sponsor], within: PT1H }
      - { notify: [acquirer, insurer], within: PT24H }
runbooks:
${runbooks.join("\n")}
`,
  };
}

const LE = ["1", "5", "10", "15", "20", "+Inf"] as const;
/** Cumulative latency buckets (≤1, 5, 10, 15, 20 s, +Inf) and failures per integration at each scrape. */
const SCRAPES: Record<string, Record<string, { buckets: number[]; failed: number; reason: string }>> = {
  "2026-09-01T00:00:00Z": {
    email: { buckets: [40, 55, 60, 62, 63, 65], failed: 0, reason: "other" },
    pagerduty: { buckets: [90, 98, 100, 100, 100, 100], failed: 0, reason: "other" },
    slack: { buckets: [500, 560, 580, 590, 595, 600], failed: 3, reason: "serverError" },
  },
  "2026-10-01T00:00:00Z": {
    email: { buckets: [50, 72, 79, 81, 83, 85], failed: 2, reason: "other" },
    pagerduty: { buckets: [110, 126, 129, 130, 130, 130], failed: 0, reason: "other" },
    slack: { buckets: [590, 685, 718, 735, 743, 750], failed: 9, reason: "serverError" },
  },
  "2026-10-31T23:00:00Z": {
    email: { buckets: [94, 126, 137, 140, 142, 145], failed: 2, reason: "other" },
    pagerduty: { buckets: [146, 166, 169, 170, 170, 170], failed: 0, reason: "other" },
    slack: { buckets: [750, 873, 914, 934, 943, 950], failed: 10, reason: "serverError" },
  },
};

function scrape(at: string): DemoFile {
  const ms = Date.parse(at);
  const instance = 'instance="am-1:9093",job="alertmanager"';
  const lines = [
    "# HELP alertmanager_notification_latency_seconds The latency of notifications in seconds.",
    "# TYPE alertmanager_notification_latency_seconds histogram",
  ];
  const series = Object.entries(SCRAPES[at] ?? {});
  for (const [integration, { buckets }] of series)
    buckets.forEach((count, index) =>
      lines.push(
        `alertmanager_notification_latency_seconds_bucket{integration="${integration}",${instance},le="${LE[index]}"} ${count} ${ms}`,
      ),
    );
  lines.push(
    "# HELP alertmanager_notifications_failed_total The total number of failed notifications.",
    "# TYPE alertmanager_notifications_failed_total counter",
  );
  for (const [integration, { failed, reason }] of series)
    lines.push(
      `alertmanager_notifications_failed_total{integration="${integration}",${instance},reason="${reason}"} ${failed} ${ms}`,
    );
  lines.push(
    "# HELP alertmanager_notifications_total The total number of attempted notifications.",
    "# TYPE alertmanager_notifications_total counter",
  );
  for (const [integration, { buckets }] of series)
    lines.push(
      `alertmanager_notifications_total{integration="${integration}",${instance}} ${buckets.at(-1)} ${ms}`,
    );
  return { name: `alertmanager-metrics-${at.slice(0, 10)}.prom`, text: `${lines.join("\n")}\n` };
}

/** Beats every five minutes, September and October, but for the two silences. */
const SILENCES = [
  { from: "2026-09-18T02:05:00Z", to: "2026-09-18T02:25:00Z" },
  { from: "2026-10-14T03:05:00Z", to: "2026-10-14T03:55:00Z" },
];

function heartbeats(): DemoFile {
  const lines: string[] = [];
  const silent = SILENCES.map(({ from, to }) => [Date.parse(from), Date.parse(to)] as const);
  for (let at = Date.parse("2026-09-01T00:00:00Z"); at < Date.parse("2026-11-01T00:00:00Z"); at += 300_000)
    if (!silent.some(([from, to]) => at >= from && at <= to))
      lines.push(`${new Date(at).toISOString().replace(".000Z", "Z")} alertmanager-watchdog`);
  return { name: "watchdog-heartbeat.log", text: `${lines.join("\n")}\n` };
}

/** The readiness files, in import order: the plans, the scrapes, the heartbeat log. */
export function readinessFiles(): DemoFile[] {
  return [
    plan("09", "2026-09-30T22:00:00Z"),
    plan("10", "2026-10-31T22:00:00Z"),
    ...Object.keys(SCRAPES).map(scrape),
    heartbeats(),
  ];
}
