import { describe, expect, it } from "vitest";
import { findMetric } from "../catalog/metrics.ts";
import { buildMetricResult, type MetricSpec } from "../test-support/metric-results.ts";
import { recognitionTable } from "./quarterly-recognition.ts";

/** June (the month before 2026-Q3) to September: the baseline is June's value, the quarter's end September's. */
const MONTHS = ["2026-06", "2026-07", "2026-08", "2026-09"];

function metric(id: string, spec: MetricSpec) {
  const definition = findMetric(id);
  if (!definition) throw new Error(`no metric ${id}`);
  return buildMetricResult(definition, MONTHS, spec);
}

describe("recognitionTable", () => {
  it("ranks owners by metrics improved minus worsened, June to September, in each metric's direction", () => {
    const table = recognitionTable(
      [
        // SecOps: time to respond (down) 60 → 30 min improved, SLA (up) 80 → 90 % improved, MTTD (down) 5 → 6 min worsened:
        // 2 improved, 1 worsened, net 1.
        metric("mttr", { owner: "SecOps", series: [3600, 3000, 2400, 1800] }),
        metric("incidents_within_sla", { owner: "SecOps", series: [80, 85, 85, 90] }),
        metric("mttd", { owner: "SecOps", series: [300, 320, 340, 360] }),
        // Vulnerability lead: open critical (zero) 4 → 1 and open vulnerabilities (down) 30 → 20: net 2.
        metric("open_critical_vulnerabilities", { owner: "Vuln lead", series: [4, 3, 2, 1] }),
        metric("open_vulnerabilities", { owner: "Vuln lead", series: [30, 25, 22, 20] }),
        // Detection lead: the false-positive rate (down) rose 10 → 20 %: worsened only, not listed.
        metric("false_positive_rate", { owner: "Detection lead", series: [10, 12, 15, 20], n: 100 }),
      ],
      "2026-06",
    );
    expect(table.rows).toEqual([
      ["Vuln lead", "2", "0", "Open critical vulnerabilities 4 → 1; Open vulnerabilities 30 → 20"],
      ["SecOps", "2", "1", "Mean time to respond 60 min → 30 min; Incidents resolved within SLA 80% → 90%"],
    ]);
  });

  it.each([
    [
      "a metric with no side to improve on (stable)",
      metric("incident_count", { owner: "A", series: [9, 5, 4, 3] }),
    ],
    ["a metric with no owner", metric("mttr", { owner: null, series: [3600, 0, 0, 1800] })],
    ["a metric unmeasured in June", metric("mttr", { owner: "A", series: [null, 3600, 3600, 1800] })],
    ["a metric unmeasured in September", metric("mttr", { owner: "A", series: [3600, 3600, 3600, null] })],
    [
      "a stale value",
      metric("mttr", { owner: "A", series: [3600, 3600, 3600, 1800], stale: "stale: no data" }),
    ],
    ["an unchanged value", metric("mttr", { owner: "A", series: [3600, 1800, 1800, 3600] })],
  ])("counts no move for %s", (_case, result) => {
    expect(recognitionTable([result], "2026-06").rows).toEqual([]);
  });

  it("says so when the history does not reach the month before the quarter", () => {
    const table = recognitionTable([metric("mttr", { owner: "A", series: [3600, 3600, 3600, 1800] })], null);
    expect(table.rows).toEqual([]);
    expect(table.empty).toMatch(/raise `history`/);
  });
});
