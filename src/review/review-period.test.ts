import { describe, expect, it } from "vitest";
import { findMetric } from "../catalog/metrics.ts";
import { buildKpiReport, buildMetricResult, type MetricSpec } from "../test-support/metric-results.ts";
import { reviewPeriod } from "./review-period.ts";

const PERIODS = ["2026-06", "2026-07", "2026-08", "2026-09", "2026-10"];

function metric(id: string, spec: MetricSpec) {
  const definition = findMetric(id);
  if (!definition) throw new Error(`no metric ${id}`);
  return buildMetricResult(definition, PERIODS, spec);
}

/**
 * Each period assessed by hand with the risk rule:
 * - 2026-06: open criticals 0 (met), mean time to respond 600 s (met, target under 1800 s); both
 *   new (baseline set), drift has no data yet: Low; 2 met.
 * - 2026-07: both met again, two values each (too little history): Low; 2 met.
 * - 2026-08: MTTR 2,400 s misses (XmR over 600, 700, 2400: centre 1,233, upper limit
 *   1,233 + 2.66 × 900 = 3,627, within: stable); its recommendation scores 2 × 1 × 1 = 2, Medium,
 *   so the level is Medium; drift 0 met: 2 met, 1 missed.
 * - 2026-09: MTTR 2,400 s again (centre 1,525, upper limit 3,121, within; only 2 of the last 4
 *   beyond half-way 2,323: stable), score 2 × 2 × 1 = 4, Medium: Medium; 2 met, 1 missed.
 * - 2026-10: one open critical vulnerability (above the upper limit 0.865: worsening): a
 *   critical item, High; MTTR 600 s and drift 0 met: 2 met, 1 missed, 1 worsening.
 */
const KPIS = buildKpiReport("2026-10", Date.UTC(2026, 9, 1), Date.UTC(2026, 10, 1), [
  metric("open_critical_vulnerabilities", { series: [0, 0, 0, 0, 1] }),
  metric("mttr", { series: [600, 700, 2400, 2400, 600] }),
  metric("config_drift_events", { series: [null, null, 0, 0, 0] }),
  metric("shadow_assets", { series: [null, null, null, null, null] }),
]);

describe("reviewPeriod", () => {
  const review = reviewPeriod(KPIS);

  it("assesses the posture of each history period on the periods up to it", () => {
    expect(review.posture.history).toEqual([
      { period: "2026-06", level: "Low", met: 2, missed: 0, worsening: 0 },
      { period: "2026-07", level: "Low", met: 2, missed: 0, worsening: 0 },
      { period: "2026-08", level: "Medium", met: 2, missed: 1, worsening: 0 },
      { period: "2026-09", level: "Medium", met: 2, missed: 1, worsening: 0 },
      { period: "2026-10", level: "High", met: 2, missed: 1, worsening: 1 },
    ]);
    expect(review.posture.level).toBe("High");
  });

  it("summarizes the trends of the metrics with a current value, leaving out those without", () => {
    // open criticals worsening; MTTR (600, 700, 2400, 2400, 600: centre 1,340, upper limit 3,734) and drift (0, 0, 0) stable.
    expect(review.posture.trend).toEqual({
      counts: { worsening: 1, improving: 0, stable: 2, baseline_set: 0, insufficient_data: 0 },
      text: "1 worsening, 2 stable",
    });
  });

  it("names the metrics the level rests on: the critical item and its High recommendation", () => {
    expect(review.posture.reasons).toEqual([
      "Open critical vulnerabilities: 1",
      "High-priority: Bring open critical vulnerabilities to 0 (now 1)",
    ]);
    expect(review.posture.metric_ids).toEqual(["open_critical_vulnerabilities"]);
  });
});
