import { describe, expect, it } from "vitest";
import type { RegisterEntry } from "../../app/exception-register.ts";
import { findMetric } from "../../catalog/metrics.ts";
import type { ActionItem } from "../../domains/action-items/records.ts";
import { buildDrillRow } from "../../test-support/drill-rows.ts";
import { buildKpiReport, buildMetricResult, type MetricSpec } from "../../test-support/metric-results.ts";
import { buildActionItem } from "../../test-support/records.ts";
import { recommend } from "../recommend.ts";
import { type EventSources, notificationEvents } from "./events.ts";

const PERIODS = ["2026-06", "2026-07", "2026-08", "2026-09", "2026-10"];
const START = Date.UTC(2026, 9, 1);
const END = Date.UTC(2026, 10, 1);
/** Now: 2026-11-03, two days after the period reviewed. */
const NOW = Date.UTC(2026, 10, 3);
const DAY = 86_400_000;

function metric(id: string, spec: MetricSpec) {
  const definition = findMetric(id);
  if (!definition) throw new Error(`no metric ${id}`);
  return buildMetricResult(definition, PERIODS, { owner: "sre", ...spec });
}

function exception(id: string, state: string, expiresAt: number | null): RegisterEntry {
  return {
    id,
    feed: "exceptions-csv",
    title: `Waiver ${id}`,
    type: "risk",
    status: "approved",
    state,
    decision: "accept",
    scope: { controls: [], checks: [], assets: [], findings: [] },
    owner: "carla",
    requested_by: "carla",
    approved_by: "ciso",
    approved_at: "2026-01-10T00:00:00.000Z",
    expires_at: expiresAt === null ? null : new Date(expiresAt).toISOString(),
    days_left: null,
    compensating_controls: [],
    ticket: "GRC-1",
    source: { file_name: "register.csv", import_id: 1, snapshot_at: "2026-10-15T00:00:00.000Z" },
    editable: false,
  };
}

function sources(overrides: Partial<EventSources>): EventSources {
  const kpis = buildKpiReport("2026-10", START, END, []);
  return {
    kpis,
    recommendations: [],
    exceptions: [],
    newContracts: [],
    actionItems: [],
    at: NOW,
    exceptionExpiryDays: 14,
    ...overrides,
  };
}

describe("notificationEvents", () => {
  it("names a worsening metric once per period, at its recommendation's priority", () => {
    // rollbacks 0,0,0,0,1: beyond the c-chart's limit of its zero history, worsening; no target,
    // so the worsening rule recommends it, scored 1 × 1 × 2 = 2: Medium (Low is below 2).
    const rollbacks = metric("rollbacks", { series: [0, 0, 0, 0, 1] });
    const flat = metric("failed_deployments", { series: [1, 1, 1, 1, 1] });
    const kpis = buildKpiReport("2026-10", START, END, [rollbacks, flat]);
    const recommendations = recommend(kpis.metrics, { periodId: "2026-10", at: END });
    expect(recommendations.map((r) => [r.id, r.priority])).toEqual([["rollbacks:worsening", "Medium"]]);
    const events = notificationEvents(sources({ kpis, recommendations }));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      key: "metric_worsening:rollbacks:2026-10",
      kind: "metric_worsening",
      severity: "medium",
      title: "Rollbacks is getting worse: 1 in 2026-10",
      facts: { metric: "rollbacks", value: "1", owner: "sre" },
    });
  });

  it("names a stale metric's silent sources once per silence, however many metrics they feed", () => {
    const since = Date.UTC(2026, 7, 20);
    const stale = (id: string) =>
      metric(id, { series: [1, 1, 1, null, null], stale: "stale: no data since 2026-08-20", dataEnd: since });
    const kpis = buildKpiReport("2026-10", START, END, [stale("mttd"), stale("mttr"), stale("blocked_ips")]);
    const events = notificationEvents(sources({ kpis }));
    // mttd and mttr read the same sources and ended at one instant: one event; blocked_ips another.
    expect(events.map((e) => [e.kind, e.facts.metrics])).toEqual([
      ["source_stale", "mttd, mttr"],
      ["source_stale", "blocked_ips"],
    ]);
    const mttd = findMetric("mttd");
    expect(events[0]?.key).toBe(`source_stale:${[...(mttd?.sources ?? [])].sort().join(",")}:2026-08-20`);
    expect(events[0]?.title).toContain("silent since 2026-08-20: 2 metrics are stale");
    expect(events[0]?.severity).toBe("high");
    expect(events[0]?.text).toMatch(/^No data since 2026-08-20\. A control that fails silently/);
  });

  it.each([
    // Now is 2026-11-03; 14 days reach 2026-11-17.
    {
      case: "expiring in 10 days",
      state: "expiring",
      expires: NOW + 10 * DAY,
      kind: "exception_expiring",
      days: "in 10 days",
    },
    {
      case: "expiring exactly 14 days on",
      state: "expiring",
      expires: NOW + 14 * DAY,
      kind: "exception_expiring",
      days: "in 14 days",
    },
    {
      case: "expiring 14 days and a second on",
      state: "expiring",
      expires: NOW + 14 * DAY + 1000,
      kind: null,
      days: null,
    },
    { case: "expiring in 40 days (open)", state: "open", expires: NOW + 40 * DAY, kind: null, days: null },
    { case: "expired", state: "expired", expires: NOW - 2 * DAY, kind: "exception_expired", days: null },
    { case: "revoked, past its expiry", state: "revoked", expires: NOW - 2 * DAY, kind: null, days: null },
    {
      case: "approved only later (not started)",
      state: "not started",
      expires: NOW + 3 * DAY,
      kind: null,
      days: null,
    },
  ])("an exception $case", ({ state, expires, kind, days }) => {
    const events = notificationEvents(sources({ exceptions: [exception("EX-9", state, expires)] }));
    expect(events.map((e) => e.kind)).toEqual(kind ? [kind] : []);
    const date = new Date(expires).toISOString().slice(0, 10);
    if (kind) expect(events[0]?.key).toBe(`${kind}:exceptions-csv/EX-9:${date}`);
    if (days) expect(events[0]?.title).toBe(`Exception EX-9 (Waiver EX-9) expires on ${date}, ${days}`);
  });

  it("names each contract new in the registry by chain and address, not the removed or already monitored ones", () => {
    const added = buildDrillRow("contract_deployment", "1:0xabc", {
      change: "new",
      chain_id: 1,
      address: "0xabc",
      name: "Vault",
      deployed_at: "2026-10-12T08:00:00.000Z",
    });
    const removed = buildDrillRow(
      "contract_deployment",
      "1:0xdef",
      { change: "removed", chain_id: 1, address: "0xdef" },
      false,
    );
    const watched = buildDrillRow("contract_deployment", "1:0x123", {
      change: "new",
      chain_id: 1,
      address: "0x123",
      monitored_by: "vault-admin",
    });
    const events = notificationEvents(sources({ newContracts: [added, removed, watched] }));
    expect(events).toEqual([
      expect.objectContaining({
        key: "contract_unmonitored:1:0xabc",
        kind: "contract_unmonitored",
        severity: "high",
        title: "New contract Vault 0xabc on chain 1 is not monitored yet",
        facts: {
          chain_id: "1",
          address: "0xabc",
          deployed_at: "2026-10-12T08:00:00.000Z",
          registry: "fixture",
        },
      }),
    ]);
  });

  it("names each action item open past its due date once per due date, not the done or not yet due ones", () => {
    const item = (external_id: string, spec: Partial<ActionItem>) =>
      buildActionItem({ external_id, snapshot_at: NOW - DAY, created_at: START, ...spec });
    const overdue = item("AI-7", {
      title: "Alert on failed backups",
      status: "in_progress",
      due_at: NOW - 3 * DAY,
      owner: "sre",
      origin: "postmortem",
      origin_ref: "INC-204",
      ticket: "SEC-41",
    });
    const done = item("AI-8", { status: "done", completed_at: NOW - 5 * DAY, due_at: NOW - 3 * DAY });
    const notDue = item("AI-9", { due_at: NOW + DAY });
    const undated = item("AI-10", {});
    const events = notificationEvents(sources({ actionItems: [overdue, done, notDue, undated] }));
    // Due 2026-10-31 (NOW − 3 days), so 3 whole days ago at NOW.
    expect(events).toEqual([
      expect.objectContaining({
        key: "action_item_overdue:action-items/AI-7:2026-10-31",
        kind: "action_item_overdue",
        severity: "medium",
        title: "Action item AI-7 (Alert on failed backups) is overdue: due 2026-10-31, 3 days ago",
        facts: {
          action_item: "AI-7",
          due: "2026-10-31",
          origin: "postmortem INC-204",
          owner: "sre",
          ticket: "SEC-41",
        },
      }),
    ]);
  });
});
