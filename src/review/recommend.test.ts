import { describe, expect, it } from "vitest";
import type { MetricResult } from "../app/kpi-report.ts";
import { findMetric } from "../catalog/metrics.ts";
import { resolveCatalog } from "../catalog/resolve.ts";
import { parseConfig } from "../config/load.ts";
import type { DrillRow } from "../domains/drill-row.ts";
import { vulnerabilityMetrics } from "../domains/vulnerabilities/compute.ts";
import { scanTargetStates } from "../domains/vulnerabilities/targets.ts";
import { buildDrillRow as row } from "../test-support/drill-rows.ts";
import { buildMetricResult, type MetricSpec } from "../test-support/metric-results.ts";
import { judgeTrend } from "../trends/index.ts";
import { recommend } from "./recommend.ts";

const PERIODS = ["2026-06", "2026-07", "2026-08", "2026-09", "2026-10"];
/** 2026-10's end: the instant records are judged at. */
const END = Date.UTC(2026, 10, 1);

function metric(id: string, spec: MetricSpec) {
  const definition = findMetric(id);
  if (!definition) throw new Error(`no metric ${id}`);
  return buildMetricResult(definition, PERIODS, { owner: "Team", ...spec });
}

const CRITICAL_FINDING = row("finding", "f1", {
  vulnerability_id: "CVE-2026-0105",
  severity: "critical",
  target: "registry.example/payments-api:main",
  package: "curl",
  first_seen_at: "2026-10-19T03:00:00.000Z",
  due_at: "2026-10-26T03:00:00.000Z",
  fixed_at: null,
});

const finding = (id: string, fields: DrillRow["fields"]) =>
  row("finding", id, { target: "registry.example/payments-api:main", fixed_at: null, ...fields });

/** vuln_sla_missed's records: the critical one again, one open far past due, one fixed late, one fixed on time. */
const SLA_FINDINGS = [
  CRITICAL_FINDING,
  finding("f2", {
    vulnerability_id: "CVE-2026-0103",
    severity: "medium",
    package: "busybox",
    due_at: "2026-04-04T03:00:00.000Z",
  }),
  finding("f3", {
    vulnerability_id: "CVE-2026-0104",
    severity: "high",
    package: "libexpat",
    due_at: "2026-09-02T03:00:00.000Z",
    fixed_at: "2026-10-12T03:00:00.000Z",
  }),
  finding("f4", {
    vulnerability_id: "CVE-2026-0106",
    severity: "high",
    package: "openssl",
    due_at: "2026-11-04T03:00:00.000Z",
    fixed_at: "2026-10-26T03:00:00.000Z",
  }),
];

const ACCOUNTS = [
  row(
    "account",
    "u-1003",
    { name: "rmensah", privileged: true, owner_status: "departed", last_used_at: "2026-08-07T16:20:00.000Z" },
    true,
    "departed_owner",
  ),
  row(
    "account",
    "u-1001",
    { name: "aokafor", privileged: true, last_used_at: "2026-10-30T08:00:00.000Z" },
    false,
  ),
];

/**
 * Seven problems, scored by hand (severity × persistence × trend):
 * - open_critical_vulnerabilities 0,0,0,0,1: a critical item (16), new this period (1); XmR over
 *   the five values: centre 0.2, mean moving range 0.25, upper limit 0.2 + 2.66 × 0.25 = 0.865,
 *   and 1 is above it: worsening (2). Score 32.
 * - orphaned_accounts and five other zero-tolerance counts at 1 or 2 in every period: 4 × 3 (missed
 *   in 3 periods or more) × 1 (constant: no signal, stable) = 12 each.
 * - vulnerability SLAs missed 10% in every period (target 0%): 4 × 3 × 1 = 12.
 * - rollbacks 0,0,0,0,1 (no target): worsening alone, 1 × 1 × 2 = 2.
 */
const METRICS = [
  metric("open_critical_vulnerabilities", { series: [0, 0, 0, 0, 1] }),
  metric("orphaned_accounts", { series: [1, 1, 1, 1, 1] }),
  metric("open_high_vulnerabilities", { series: [2, 2, 2, 2, 2] }),
  metric("repeat_findings", { series: [2, 2, 2, 2, 2] }),
  metric("config_drift_events", { series: [2, 2, 2, 2, 2] }),
  metric("manual_prod_changes", { series: [2, 2, 2, 2, 2] }),
  metric("audit_findings", { series: [2, 2, 2, 2, 2] }),
  metric("vuln_sla_missed", { series: [10, 10, 10, 10, 10] }),
  metric("rollbacks", { series: [0, 0, 0, 0, 1] }),
  metric("mttr", { series: [600, 700, 650, 600, 620] }),
];

const RECORDS = new Map<string, DrillRow[]>([
  ["open_critical_vulnerabilities", [CRITICAL_FINDING]],
  ["orphaned_accounts", ACCOUNTS],
  ["vuln_sla_missed", SLA_FINDINGS],
]);

describe("recommend", () => {
  const recommendations = recommend(METRICS, { periodId: "2026-10", at: END, records: RECORDS });

  it("ranks by severity × persistence × trend, ties by severity then metric id", () => {
    expect(recommendations.map((r) => [r.metric_id, r.score, r.priority])).toEqual([
      ["open_critical_vulnerabilities", 32, "High"],
      ["audit_findings", 12, "High"],
      ["config_drift_events", 12, "High"],
      ["manual_prod_changes", 12, "High"],
      ["open_high_vulnerabilities", 12, "High"],
      // The sixth and seventh score as high, but at most five are High.
      ["orphaned_accounts", 12, "Medium"],
      ["repeat_findings", 12, "Medium"],
      ["vuln_sla_missed", 12, "Medium"],
      ["rollbacks", 2, "Medium"],
    ]);
    expect(recommendations[0]?.score_basis).toEqual({ severity: 16, persistence: 1, trend: 2 });
    expect(recommendations.find((r) => r.metric_id === "orphaned_accounts")?.score_basis).toEqual({
      severity: 4,
      persistence: 3,
      trend: 1,
    });
  });

  it("names the overdue CVE, its target and its days past due", () => {
    const critical = recommendations[0];
    // Due 2026-10-26 03:00 UTC, judged at 2026-11-01 00:00 UTC: 5 days 21 hours, so 5 whole days.
    expect(critical?.title).toBe("Fix CVE-2026-0105 on registry.example/payments-api:main");
    expect(critical?.records).toEqual([
      {
        kind: "finding",
        id: "f1",
        label: "CVE-2026-0105 on registry.example/payments-api:main",
        detail: "critical, curl, 5 days past its due date",
        days_overdue: 5,
        resolved: false,
      },
    ]);
    expect(critical?.rationale).toBe(
      "Open critical vulnerabilities is 1 against a target of 0, for the first time, and getting worse.",
    );
    expect(critical?.statistics).toBe(
      "latest 1 is above the upper natural process limit 0.865 (XmR, 5 periods); history: 2026-06 0, 2026-07 0, 2026-08 0, 2026-09 0, 2026-10 1; score 32 = severity 16 × persistence 1 × trend 2",
    );
  });

  it("names the orphaned account and leaves out the account that is not orphaned", () => {
    const orphaned = recommendations.find((r) => r.metric_id === "orphaned_accounts");
    expect(orphaned?.title).toBe("Disable or reassign account rmensah");
    expect(orphaned?.records.map((r) => [r.label, r.detail])).toEqual([
      ["account rmensah", "departed owner, privileged, last used 2026-08-07"],
    ]);
    expect(orphaned?.rationale).toBe(
      "Orphaned accounts is 1 against a target of 0, as in each of the 4 periods before.",
    );
  });

  it("names first in its title the records no higher action names, and never one already fixed", () => {
    const sla = recommendations.find((r) => r.metric_id === "vuln_sla_missed");
    // Open ones first, by severity: the critical (5 days past due), the medium due 2026-04-04 03:00
    // (to 2026-11-01 00:00: 210 days 21 hours, so 210); then the high fixed 2026-10-12, 40 days
    // after its due date 2026-09-02. The one fixed on time is no breach.
    expect(sla?.records.map((r) => [r.id, r.detail])).toEqual([
      ["f1", "critical, curl, 5 days past its due date"],
      ["f2", "medium, busybox, 210 days past its due date"],
      ["f3", "high, libexpat, fixed 40 days late"],
    ]);
    // The critical finding is already the first action's: this one names the medium first.
    expect(sla?.title).toBe(
      "Fix CVE-2026-0103 on registry.example/payments-api:main and CVE-2026-0105 on registry.example/payments-api:main",
    );
  });

  it("keeps the target-restating title when no record is loaded, and the stable ids", () => {
    const drift = recommendations.find((r) => r.metric_id === "config_drift_events");
    expect(drift?.title).toBe("Bring config drift events to 0 (now 2)");
    expect(drift?.records_total).toBe(0);
    expect(recommendations.map((r) => r.id)).toContain("config_drift_events:missed_target");
    expect(recommendations.map((r) => r.id)).toContain("rollbacks:worsening");
  });

  it("gives nothing for a metric that meets its target and is not worsening", () => {
    expect(recommendations.find((r) => r.metric_id === "mttr")).toBeUndefined();
  });
});

const DAY = 86_400_000;

/** open_vulnerabilities as `computeKpis` reports it, with the pack's own figures for the targets. */
function openVulnerabilities(targets: Parameters<typeof scanTargetStates>): MetricResult {
  const definition = resolveCatalog(parseConfig({})).find((m) => m.id === "open_vulnerabilities");
  if (!definition) throw new Error("no open_vulnerabilities in the catalog");
  const value = vulnerabilityMetrics(
    { open: [], fixed: [], new: [] },
    { asOf: END, targets: scanTargetStates(...targets) },
  ).open_vulnerabilities;
  if (!value) throw new Error("not computed");
  return {
    ...definition,
    ...value,
    status: "no_target",
    trend: "insufficient_data",
    history: [],
    trend_detail: judgeTrend([{ period: "2026-10", value: value.value }], "down"),
    last_import_at: null,
    data_end: null,
  };
}

describe("recommend: scan targets not rescanned", () => {
  it("names each target whose scanner stopped, with its last scan, its age and its open findings", () => {
    const metric = openVulnerabilities([
      [
        {
          target: "registry.example/api:main",
          tool: "trivy",
          first_scan_at: 0,
          last_scan_at: END - 37 * DAY,
          scans: 9,
        },
        {
          target: "registry.example/web:main",
          tool: "trivy",
          first_scan_at: 0,
          last_scan_at: END - 2 * DAY,
          scans: 9,
        },
      ],
      [],
      [
        { target: "registry.example/api:main", tool: "trivy", severity: "critical", count: 1 },
        { target: "registry.example/api:main", tool: "trivy", severity: "medium", count: 2 },
        { target: "registry.example/web:main", tool: "trivy", severity: "high", count: 1 },
      ],
      { asOf: END, retireAfterMs: 30 * DAY },
    ]);
    // api: last scanned Sep 25, 37 d before Nov 1 (> 30 d); web, 2 d before, is not named.
    // Scored as a silent source: 2 × 1 × 1 = 2, Medium.
    expect(recommend([metric], { periodId: "2026-10", at: END })).toEqual([
      {
        id: "open_vulnerabilities:not_rescanned:registry.example/api:main:trivy",
        metric_id: "open_vulnerabilities",
        kind: "not_rescanned",
        category: "Vulnerability Management",
        title: "Rescan registry.example/api:main with trivy, or retire it (last scan 2026-09-25)",
        priority: "Medium",
        rationale:
          "Trivy last scanned registry.example/api:main on 2026-09-25, 37 days before the period's end. Its 3 open findings (1 critical, 2 medium) still count as open, though no scan has confirmed or fixed any since. If the target is gone: secmetrics targets retire registry.example/api:main.",
        expected_impact:
          "Open vulnerabilities counts only findings a scanner still sees: the 3 open findings confirmed by a new scan, or no longer counted once the target is retired",
        owner: metric.owner,
        score: 2,
        score_basis: { severity: 2, persistence: 1, trend: 1 },
        records: [],
        records_total: 0,
        statistics: "score 2 = severity 2 (a target no longer scanned) × persistence 1 × trend 1",
      },
    ]);
  });
});

/** Drill-down rows of the deployments registry, as the web3 pack's drills list them. */
const contract = (
  chain: number,
  address: string,
  name: string,
  fields: DrillRow["fields"] = {},
  counted = true,
) =>
  row(
    "contract_deployment",
    `${chain}:${address}`,
    {
      chain_id: chain,
      address,
      name,
      role: "contract",
      block_number: null,
      source_file: `${chain === 1 ? "mainnet" : "base"}/${name}.json`,
      ...fields,
    },
    counted,
  );

const TOKEN = "0x1f2e3d4c5b6a79880796a5b4c3d2e1f00f1e2d3c";
const RECEIPT = "0x8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3";
const ROUTER = "0x7e1c0a5b3d9f2468ace013579bdf2468ace01357";
const MISMATCH =
  "indexed-mismatch: event Transfer(address,address,uint256) (topic0 0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef) is declared with different indexed parameters: [true,true,false] vs [true,true,true]";

describe("recommend: the deployments registry", () => {
  it("asks to add each new contract to monitoring, naming its chain and address, without a target", () => {
    // Three new contracts this period, one removed (named by the drill, not counted, not an action).
    const deployments = metric("new_deployments", { series: [null, null, 7, 1, 3] });
    const rows = [
      contract(1, ROUTER, "PaymentRouter", { block_number: 23_001_175 }),
      contract(8453, ROUTER, "PaymentRouter"),
      contract(8453, RECEIPT, "MerchantReceipt"),
      contract(
        1,
        "0x4b2d8e6f1a3c5e7092b4d6f8a1c3e5f709b2d4f6",
        "Vault_Implementation",
        { role: "implementation" },
        false,
      ),
    ];
    const [recommendation, ...others] = recommend([deployments], {
      periodId: "2026-10",
      at: END,
      records: new Map([["new_deployments", rows]]),
    });
    expect(others).toEqual([]);
    // A blind spot, as a silent source: severity 2, new once (persistence 1), tracked (trend 1).
    expect(recommendation).toMatchObject({
      id: "new_deployments:new_to_monitor",
      kind: "new_to_monitor",
      category: "Smart Contracts",
      title: `Add these new contracts to monitoring: PaymentRouter on chain 1 at ${ROUTER}, PaymentRouter on chain 8453 at ${ROUTER} and 1 more`,
      priority: "Medium",
      score: 2,
      score_basis: { severity: 2, persistence: 1, trend: 1 },
      records_total: 3,
    });
    expect(recommendation?.rationale).toMatch(
      /^3 contracts appeared in the deployments registry over the period\. /,
    );
    // No severity or due date to rank by: in id order, "1:0x7e…", "8453:0x7e…", "8453:0x80…".
    expect(recommendation?.records.map((r) => [r.label, r.detail])).toEqual([
      [`PaymentRouter on chain 1 at ${ROUTER}`, "block 23001175, mainnet/PaymentRouter.json"],
      [`PaymentRouter on chain 8453 at ${ROUTER}`, "base/PaymentRouter.json"],
      [`MerchantReceipt on chain 8453 at ${RECEIPT}`, "base/MerchantReceipt.json"],
    ]);
  });

  it("is made without the records too, as the review picks the metrics to drill", () => {
    const deployments = metric("new_deployments", { series: [null, null, 7, 1, 1] });
    expect(recommend([deployments], { periodId: "2026-10", at: END })).toMatchObject([
      { title: "Add the new contracts to monitoring", records_total: 0 },
    ]);
  });

  it("stops asking for the new contracts a monitor already watches, and names only the others", () => {
    const deployments = metric("new_deployments", { series: [null, null, 7, 1, 3] });
    const rows = [
      contract(1, ROUTER, "PaymentRouter", { monitored_by: "payments" }),
      contract(8453, ROUTER, "PaymentRouter", { monitored_by: "payments" }),
      contract(8453, RECEIPT, "MerchantReceipt", { monitored_by: null }),
    ];
    const watched = { ...deployments, details: { removed: 0, unmonitored: 0 } };
    expect(recommend([watched], { periodId: "2026-10", at: END, records: new Map() })).toEqual([]);
    const oneLeft = { ...deployments, details: { removed: 0, unmonitored: 1 } };
    const [recommendation] = recommend([oneLeft], {
      periodId: "2026-10",
      at: END,
      records: new Map([["new_deployments", rows]]),
    });
    expect(recommendation?.title).toBe(
      `Add these new contracts to monitoring: MerchantReceipt on chain 8453 at ${RECEIPT}`,
    );
    expect(recommendation?.rationale).toMatch(
      /^1 contract that appeared in the deployments registry over the period is watched by no monitor\. /,
    );
  });

  it("gives nothing when no contract is new", () => {
    const deployments = metric("new_deployments", { series: [7, 1, 1, 0, 0] });
    expect(recommend([deployments], { periodId: "2026-10", at: END, records: new Map() })).toEqual([]);
  });

  it("names the colliding signatures and the contracts that declare them when collisions miss their target", () => {
    const collisions = metric("interface_collisions", { series: [null, null, 0, 0, 1] });
    const rows = [
      contract(1, TOKEN, "NorthwindUSD", { findings: MISMATCH }),
      contract(8453, RECEIPT, "MerchantReceipt", { findings: MISMATCH }),
      contract(8453, ROUTER, "PaymentRouter", { findings: null }, false),
    ];
    const [recommendation] = recommend([collisions], {
      periodId: "2026-10",
      at: END,
      records: new Map([["interface_collisions", rows]]),
    });
    // In id order: "1:0x1f…" before "8453:0x80…". Three values: too few for a trend, so none is said.
    expect(recommendation?.title).toBe(
      `Resolve the interface collisions of NorthwindUSD on chain 1 at ${TOKEN} and MerchantReceipt on chain 8453 at ${RECEIPT}`,
    );
    // The finding once, though both contracts take part in it.
    expect(recommendation?.rationale).toBe(
      `Interface collisions is 1 against a target of 0, for the first time. ${MISMATCH[0]?.toUpperCase()}${MISMATCH.slice(1)}.`,
    );
    expect(recommendation?.records[0]?.detail).toBe("mainnet/NorthwindUSD.json");
  });
});
