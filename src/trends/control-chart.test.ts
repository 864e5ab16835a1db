import { describe, expect, it } from "vitest";
import type { ChartKind } from "../model/metric-definition.ts";
import { type ChartBounds, type ChartPoint, controlChart } from "./control-chart.ts";

const NO_BOUNDS: ChartBounds = { floor: null, ceiling: null };

/** Monthly points from 2025-01, oldest first; `denominators` align with `values`. */
function points(values: number[], denominators: (number | null)[] = []): ChartPoint[] {
  return values.map((value, i) => ({
    period: `2025-${String(i + 1).padStart(2, "0")}`,
    value,
    denominator: denominators[i] ?? null,
  }));
}

describe("p-chart", () => {
  it("draws each period's limits from its own denominator", () => {
    // 14 of 100, 30 of 200, 16 of 100 → p̄ = 60 / 400 = 0.15, p̄(1 − p̄) = 0.1275
    // σ at n = 100: √(0.1275 / 100) = 0.0357071 → 3.57071 %; 3σ = 10.7121 → 4.2879 to 25.7121
    // σ at n = 200: √(0.1275 / 200) = 0.0252488 → 2.52488 %; 3σ = 7.57464 → 7.42536 to 22.57464
    // z = (14 − 15)/3.57071 = −0.28006, 0, +0.28006 → mR̄ 0.28006 → σZ = 0.28006 / 1.128 = 0.24828 ≤ 1:
    // not overdispersed, the binomial limits stand.
    const chart = controlChart(points([14, 15, 16], [100, 200, 100]), "p", NO_BOUNDS);
    expect(chart.chart).toBe("p");
    expect(chart.laney).toBe(false);
    expect(chart.sigmaZ).toBeCloseTo(0.24828, 5);
    expect(chart.centre).toBeCloseTo(15, 10);
    // the latest point (n = 100) gives the top-level lines
    expect(chart.lower).toBeCloseTo(4.28786, 5);
    expect(chart.upper).toBeCloseTo(25.71214, 5);
    // half-way: 1.5σ = 5.35607 → 9.64393 and 20.35607
    expect(chart.halfLower).toBeCloseTo(9.64393, 5);
    expect(chart.halfUpper).toBeCloseTo(20.35607, 5);
    // the middle point (n = 200) has narrower limits
    expect(chart.points[1]?.period).toBe("2025-02");
    expect(chart.points[1]?.lower).toBeCloseTo(7.42537, 5);
    expect(chart.points[1]?.upper).toBeCloseTo(22.57463, 5);
    // the values' own moving ranges 1, 1 → 1, kept beside the chart's lines
    expect(chart.averageMovingRange).toBeCloseTo(1, 10);
  });

  it("widens the limits by σZ when the series is overdispersed (Laney p′)", () => {
    // 5, 35, 5, 20, 35 % of 100 each: p̄ = 100 / 500 = 0.2, σ = √(0.2 · 0.8 / 100) = 0.04 → 4 %
    // plain p-chart: 20 ± 12 → 8 to 32, which 5 % and 35 % (every other month) would cross.
    // z = −3.75, 3.75, −3.75, 0, 3.75 → moving ranges 7.5, 7.5, 3.75, 3.75 → mR̄ 5.625
    // σZ = 5.625 / 1.128 = 4.98670 > 1 → 3 · 4 · 4.98670 = 59.8404 → 20 ± 59.8404 → 0 (floor) to 79.8404
    const chart = controlChart(points([5, 35, 5, 20, 35], [100, 100, 100, 100, 100]), "p", NO_BOUNDS);
    expect(chart.sigmaZ).toBeCloseTo(4.9867, 4);
    expect(chart.laney).toBe(true);
    expect(chart.upper).toBeCloseTo(79.8404, 4);
    expect(chart.lower).toBe(0);
    // half-way: 29.9202 → 49.9202 and −9.92 → 0
    expect(chart.halfUpper).toBeCloseTo(49.9202, 4);
    expect(chart.halfLower).toBe(0);
  });

  it("never draws a limit above 100 %", () => {
    // 95, 90, 95, 100 % of 20: p̄ = 76 / 80 = 0.95, σ = √(0.95 · 0.05 / 20) = 0.0487340 → 4.87340 %
    // z = 0, −1.02598, 0, 1.02598 → mR̄ 1.02598 → σZ 0.90956 ≤ 1
    // upper 95 + 14.6202 = 109.6202 → 100; half-way 95 + 7.3101 = 102.3101 → 100; lower 80.3798
    const chart = controlChart(points([95, 90, 95, 100], [20, 20, 20, 20]), "p", NO_BOUNDS);
    expect(chart.laney).toBe(false);
    expect(chart.upper).toBe(100);
    expect(chart.halfUpper).toBe(100);
    expect(chart.lower).toBeCloseTo(80.3798, 4);
  });

  it("puts every line on the centre when every period is 0 % or every one 100 %", () => {
    // p̄ = 1 → p̄(1 − p̄) = 0: no spread, no z-scores, nothing to widen
    const chart = controlChart(points([100, 100, 100], [5, 9, 12]), "p", NO_BOUNDS);
    expect(chart).toMatchObject({ centre: 100, lower: 100, upper: 100, sigmaZ: null, laney: false });
  });

  it.each([null, 0])("refuses a period without a whole (%s)", (denominator) => {
    expect(() => controlChart(points([10, 20, 30], [10, denominator, 10]), "p", NO_BOUNDS)).toThrow(
      /positive denominator for 2025-02/,
    );
  });
});

describe("c-chart", () => {
  it("draws Poisson limits and no negative one", () => {
    // 3, 4, 3, 4, 3, 4, 12 events: c̄ = 33 / 7 = 4.714286, √c̄ = 2.171241, 3√c̄ = 6.513722
    // → upper 11.228007; lower 4.714286 − 6.513722 = −1.799436 → 0
    // half-way: 3.256861 → 7.971147 and 1.457425
    // z: moving ranges 1/2.171241 = 0.460566 (five times) and 8/2.171241 = 3.684529
    // → mR̄ (2.302831 + 3.684529) / 6 = 0.997893 → σZ 0.884657 ≤ 1: Poisson limits
    const chart = controlChart(points([3, 4, 3, 4, 3, 4, 12]), "c", NO_BOUNDS);
    expect(chart.laney).toBe(false);
    expect(chart.sigmaZ).toBeCloseTo(0.884657, 6);
    expect(chart.centre).toBeCloseTo(33 / 7, 10);
    expect(chart.upper).toBeCloseTo(11.228007, 6);
    expect(chart.lower).toBe(0);
    expect(chart.halfUpper).toBeCloseTo(7.971147, 6);
    expect(chart.halfLower).toBeCloseTo(1.457425, 6);
    // one pair of limits for every period
    expect(new Set(chart.points.map((p) => p.upper)).size).toBe(1);
  });

  it("widened by σZ it is the XmR spread around c̄", () => {
    // 0, 10, 0, 10, 0: c̄ = 4, √c̄ = 2, z moving ranges 5 each → σZ = 5 / 1.128 = 4.432624 > 1
    // 3 · 2 · 4.432624 = 26.595745 = 3 / 1.128 × mR̄ 10 (XmR's 2.66 × mR̄, unrounded) → upper 30.595745
    const chart = controlChart(points([0, 10, 0, 10, 0]), "c", NO_BOUNDS);
    expect(chart.laney).toBe(true);
    expect(chart.upper).toBeCloseTo(4 + 30 / 1.128, 10);
    expect(chart.lower).toBe(0);
  });
});

describe("u-chart", () => {
  it("draws each period's limits from its exposure in days", () => {
    // failures per day 10, 10, 11, 11, 10 over 30, 31, 30, 31 days and a running month of 10.5 days:
    // 300 + 310 + 330 + 341 + 105 = 1386 failures over 132.5 days → ū = 10.460377
    // running month: √(10.460377 / 10.5) = 0.998111, 3σ = 2.994334 → 7.466043 to 13.454712
    // a 31-day month: √(10.460377 / 31) = 0.580889, 3σ = 1.742666 → 8.717712 to 12.203043
    // z: −0.77965, −0.79254, 0.91385, 0.92896, −0.46125 → mR̄ 0.781149 → σZ 0.692508 ≤ 1
    const chart = controlChart(points([10, 10, 11, 11, 10], [30, 31, 30, 31, 10.5]), "u", NO_BOUNDS);
    expect(chart.centre).toBeCloseTo(1386 / 132.5, 10);
    expect(chart.laney).toBe(false);
    expect(chart.lower).toBeCloseTo(7.466043, 6);
    expect(chart.upper).toBeCloseTo(13.454712, 6);
    expect(chart.points[3]?.lower).toBeCloseTo(8.717712, 6);
    expect(chart.points[3]?.upper).toBeCloseTo(12.203043, 6);
  });
});

describe("XmR chart", () => {
  it.each<{ kind: ChartKind; bounds: ChartBounds; lower: number; halfLower: number }>([
    // 0, 2, 0, 1, 0: mean 0.6, moving ranges 2, 2, 1, 1 → mR̄ 1.5, 2.66 × 1.5 = 3.99
    // → limits −3.39 to 4.59, half-way −1.395 and 2.595
    { kind: "xmr", bounds: NO_BOUNDS, lower: 0.6 - 3.99, halfLower: 0.6 - 1.995 },
    // the same with the unit's floor 0: nothing below it
    { kind: "xmr", bounds: { floor: 0, ceiling: null }, lower: 0, halfLower: 0 },
  ])("lower limit with floor $bounds.floor", ({ kind, bounds, lower, halfLower }) => {
    const chart = controlChart(points([0, 2, 0, 1, 0]), kind, bounds);
    expect(chart).toMatchObject({ chart: "xmr", sigmaZ: null, laney: false });
    expect(chart.lower).toBeCloseTo(lower, 10);
    expect(chart.halfLower).toBeCloseTo(halfLower, 10);
    expect(chart.upper).toBeCloseTo(4.59, 10);
    expect(chart.averageMovingRange).toBeCloseTo(1.5, 10);
  });

  it("caps the upper limit at the ceiling", () => {
    // 90, 100, 90: mean 93.3333, mR̄ 10 → upper 93.3333 + 26.6 = 119.93 → 100
    expect(controlChart(points([90, 100, 90]), "xmr", { floor: 0, ceiling: 100 }).upper).toBe(100);
  });

  it("needs two points", () => {
    expect(() => controlChart(points([5]), "xmr", NO_BOUNDS)).toThrow(RangeError);
  });
});
