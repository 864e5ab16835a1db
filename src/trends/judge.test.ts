import { describe, expect, it } from "vitest";
import { formatQuantity } from "../model/format.ts";
import type { Direction } from "../model/metric-definition.ts";
import { judgeTrend, type Trend, type TrendPoint, targetMet } from "./index.ts";

/** Monthly points from 2025-01, oldest first; the last one is the current period. */
function series(...values: (number | null)[]): TrendPoint[] {
  return values.map((value, i) => ({ period: `2025-${String(i + 1).padStart(2, "0")}`, value }));
}

// mean 88/6 = 14.6667; moving ranges 2,1,2,1,18 → mR̄ 24/5 = 4.8; 2.66 × 4.8 = 12.768
// → upper 27.4347; 30 > 27.4347 → beyond_limit above (half line 21.05: only 30 of the last 4 beyond)
const JUMP_UP = series(10, 12, 11, 13, 12, 30);
// mean 92/6 = 15.3333; moving ranges 2,1,2,1,18 → mR̄ 4.8 → lower 15.3333 − 12.768 = 2.5653; 0 < 2.5653
const JUMP_DOWN = series(20, 18, 19, 17, 18, 0);
// mean 82/7 = 11.7143; moving ranges 2,2,2,3,0,0 → mR̄ 9/6 = 1.5; 2.66 × 1.5 = 3.99
// → upper 15.7043 (14 inside), half line 11.7143 + 1.995 = 13.7093; last 4 = [11,14,14,14] → 3 beyond
const THREE_OF_FOUR_UP = series(9, 11, 9, 11, 14, 14, 14);
// 20 − the series above: mean 8.2857, half line 8.2857 − 1.995 = 6.2907, lower 4.2957; last 4 = [9,6,6,6]
const THREE_OF_FOUR_DOWN = series(11, 9, 11, 9, 6, 6, 6);
// mean 44/9 = 4.8889; moving ranges 5,1,1,1,1,1,1,1 → mR̄ 12/8 = 1.5; 3.99 → upper 8.879, half 6.884
// last 8 (5s and 6s) all above 4.8889, none beyond 6.884 → eight_on_one_side above only.
// Mann-Kendall: 0 → 8 later values all higher: +8; among the alternating 5,6: 10 pairs 5→6 rise, 6 pairs
// 6→5 fall: +4 → S = 12. Var = (9·8·23 − 2·[4·3·13])/18 = (1656 − 312)/18 = 1344/18 = 74.667
// z = 11/√74.667 = 11/8.64099 = 1.2730; 1 − Φ(1.27) = 0.10204, 1 − Φ(1.28) = 0.10027
// → 0.10204 − 0.3·0.00177 = 0.101509 → p = 0.2030: not significant at 0.05
const EIGHT_ABOVE = series(0, 5, 6, 5, 6, 5, 6, 5, 6);
// 9 strictly increasing points. mean = (0 + 80 + 94+…+100)/9 = (80 + 679)/9 = 759/9 = 84.333;
// moving ranges 80,14,1,1,1,1,1,1 → mR̄ 100/8 = 12.5; 2.66 × 12.5 = 33.25 → upper 117.583,
// half line 84.333 + 16.625 = 100.958: last 100 is inside both; the last 8 include 80 < 84.333.
// So no run rule fires at the last point. (Some point of any monotonic 9-point series lies beyond a
// limit: mR̄ = range/8, so the limits span 5.32·range/8 = 0.665·range < range; here it is the
// first point, 0 < lower 51.083, which the rules evaluated at the last point do not look at.)
// Mann-Kendall: all 36 pairs rise, no ties: S = 36, Var = 9·8·23/18 = 92, z = 35/√92 = 35/9.59166 = 3.649;
// 1 − Φ(3.64) = 0.00013624, 1 − Φ(3.65) = 0.00013112 → at 3.649: 0.00013163 → p = 0.000263 < 0.05.
// Theil-Sen: the 21 pairs among 94…100 have slope 1, the 15 pairs with 0 or 80 are all steeper
// (smallest: (100 − 80)/7 = 2.86), so the 18th and 19th of 36 sorted slopes are both 1 → slope 1.
const MONOTONIC_UP = series(0, 80, 94, 95, 96, 97, 98, 99, 100);
// 100 − the series above: the same numbers mirrored, S = −36, z = −3.649, slope −1
const MONOTONIC_DOWN = series(100, 20, 6, 5, 4, 3, 2, 1, 0);

describe("judgeTrend: before there is enough data", () => {
  it.each<{ name: string; points: TrendPoint[]; trend: Trend; reason: string }>([
    {
      name: "empty series",
      points: [],
      trend: "insufficient_data",
      reason: "no value for the current period",
    },
    {
      name: "current value missing",
      points: series(10, 12, 11, null),
      trend: "insufficient_data",
      reason: "no value for the current period",
    },
    {
      name: "single value",
      points: series(5),
      trend: "baseline_set",
      reason: "first value 5 sets the baseline",
    },
    {
      name: "only the current value is non-null",
      points: series(null, null, 5.25),
      trend: "baseline_set",
      reason: "first value 5.25 sets the baseline",
    },
    {
      name: "two values with a gap",
      points: series(null, 7, null, 9),
      trend: "insufficient_data",
      reason: "only 2 periods with data; two points cannot separate signal from noise",
    },
  ])("$name → $trend", ({ points, trend, reason }) => {
    expect(judgeTrend(points, "down")).toEqual({
      trend,
      reason,
      limits: null,
      signals: [],
      mann_kendall: null,
    });
  });

  it("judges from three values on", () => {
    // [10, 12, 30]: mean 52/3 = 17.333, mR̄ (2 + 18)/2 = 10 → limits 17.333 ± 26.6 → −9.27 to 43.9
    const verdict = judgeTrend(series(10, 12, 30), "down");
    expect(verdict.trend).toBe("stable");
    expect(verdict.limits?.upper).toBeCloseTo(52 / 3 + 26.6, 10);
    expect(verdict.reason).toBe(
      "no significant change: latest 30 is within the natural process limits -9.27 to 43.9 and no run rule fires (XmR, 3 periods)",
    );
  });
});

describe("judgeTrend: direction decides what a shift means", () => {
  it.each<{ direction: Direction; points: TrendPoint[]; side: "above" | "below"; trend: Trend }>([
    { direction: "down", points: JUMP_UP, side: "above", trend: "worsening" },
    { direction: "down", points: JUMP_DOWN, side: "below", trend: "improving" },
    { direction: "zero", points: JUMP_UP, side: "above", trend: "worsening" },
    { direction: "zero", points: JUMP_DOWN, side: "below", trend: "improving" },
    { direction: "stable", points: JUMP_UP, side: "above", trend: "worsening" },
    { direction: "stable", points: JUMP_DOWN, side: "below", trend: "improving" },
    { direction: "up", points: JUMP_UP, side: "above", trend: "improving" },
    { direction: "up", points: JUMP_DOWN, side: "below", trend: "worsening" },
    { direction: "tracked", points: JUMP_UP, side: "above", trend: "stable" },
    { direction: "tracked", points: JUMP_DOWN, side: "below", trend: "stable" },
  ])("$direction, beyond the limit $side → $trend", ({ direction, points, side, trend }) => {
    const verdict = judgeTrend(points, direction);
    expect(verdict.trend).toBe(trend);
    expect(verdict.signals).toEqual([{ rule: "beyond_limit", side }]);
    expect(verdict.mann_kendall).toBeNull();
  });

  it("explains a breach of the upper limit", () => {
    // upper 27.4347 → "27.4"
    expect(judgeTrend(JUMP_UP, "down").reason).toBe(
      "latest 30 is above the upper natural process limit 27.4 (XmR, 6 periods)",
    );
  });

  it("explains a breach of the lower limit", () => {
    // lower 2.5653 → "2.57"
    expect(judgeTrend(JUMP_DOWN, "up").reason).toBe(
      "latest 0 is below the lower natural process limit 2.57 (XmR, 6 periods)",
    );
  });

  it("names the shift of a tracked metric without judging it", () => {
    expect(judgeTrend(JUMP_DOWN, "tracked").reason).toBe(
      "shift below (tracked metric, no judgement): latest 0 is below the lower natural process limit 2.57 (XmR, 6 periods)",
    );
  });

  it("skips nulls in the middle instead of reading them as zero", () => {
    // non-null values are JUMP_UP's: same limits, 6 periods with data out of 8
    const verdict = judgeTrend(series(10, null, 12, 11, null, 13, 12, 30), "down");
    expect(verdict.trend).toBe("worsening");
    expect(verdict.limits?.centre).toBeCloseTo(88 / 6, 10);
    expect(verdict.limits?.averageMovingRange).toBeCloseTo(4.8, 10);
    expect(verdict.reason).toBe("latest 30 is above the upper natural process limit 27.4 (XmR, 6 periods)");
    // fewer than 8 values with data: no Mann-Kendall even though the series has 8 periods
    expect(verdict.mann_kendall).toBeNull();
  });
});

describe("judgeTrend: the other run rules", () => {
  it.each<{ direction: Direction; points: TrendPoint[]; trend: Trend; reason: string }>([
    {
      direction: "down",
      points: THREE_OF_FOUR_UP,
      trend: "worsening",
      reason: "3 of the last 4 values are above the half-way line 13.7 (XmR, 7 periods)",
    },
    {
      direction: "up",
      points: THREE_OF_FOUR_UP,
      trend: "improving",
      reason: "3 of the last 4 values are above the half-way line 13.7 (XmR, 7 periods)",
    },
    {
      // half line 6.2907 → "6.29"
      direction: "up",
      points: THREE_OF_FOUR_DOWN,
      trend: "worsening",
      reason: "3 of the last 4 values are below the half-way line 6.29 (XmR, 7 periods)",
    },
    {
      direction: "down",
      points: EIGHT_ABOVE,
      trend: "worsening",
      reason: "the last 8 values are all above the centre line 4.89 (XmR, 9 periods)",
    },
    {
      direction: "tracked",
      points: EIGHT_ABOVE,
      trend: "stable",
      reason:
        "shift above (tracked metric, no judgement): the last 8 values are all above the centre line 4.89 (XmR, 9 periods)",
    },
  ])("$direction: $reason", ({ direction, points, trend, reason }) => {
    const verdict = judgeTrend(points, direction);
    expect(verdict.trend).toBe(trend);
    expect(verdict.reason).toBe(reason);
  });

  it("reports a Mann-Kendall test that did not decide", () => {
    const verdict = judgeTrend(EIGHT_ABOVE, "down");
    expect(verdict.signals).toEqual([{ rule: "eight_on_one_side", side: "above" }]);
    expect(verdict.mann_kendall?.s).toBe(12);
    expect(verdict.mann_kendall?.z).toBeCloseTo(1.273, 3);
    expect(verdict.mann_kendall?.p_value).toBeCloseTo(0.203, 3);
    // not significant: no slope
    expect(verdict.mann_kendall?.slope).toBeNull();
  });
});

describe("judgeTrend: Mann-Kendall", () => {
  it("finds a monotonic trend that no run rule sees", () => {
    const verdict = judgeTrend(MONOTONIC_UP, "down");
    expect(verdict.signals).toEqual([]);
    expect(verdict.limits?.upper).toBeCloseTo(759 / 9 + 33.25, 10);
    expect(verdict.trend).toBe("worsening");
    expect(verdict.mann_kendall?.s).toBe(36);
    expect(verdict.mann_kendall?.z).toBeCloseTo(3.649, 3);
    expect(verdict.mann_kendall?.p_value).toBeCloseTo(0.000263, 5);
    expect(verdict.mann_kendall?.slope).toBe(1);
    expect(verdict.reason).toBe(
      "Mann-Kendall finds a significant increasing trend (S 36, z 3.65, p 0.000263 < 0.05, Theil-Sen slope 1 per period, 9 periods)",
    );
  });

  it.each<{ direction: Direction; points: TrendPoint[]; trend: Trend; slope: number }>([
    { direction: "up", points: MONOTONIC_UP, trend: "improving", slope: 1 },
    { direction: "zero", points: MONOTONIC_UP, trend: "worsening", slope: 1 },
    { direction: "down", points: MONOTONIC_DOWN, trend: "improving", slope: -1 },
    { direction: "stable", points: MONOTONIC_DOWN, trend: "improving", slope: -1 },
    { direction: "up", points: MONOTONIC_DOWN, trend: "worsening", slope: -1 },
    { direction: "tracked", points: MONOTONIC_DOWN, trend: "stable", slope: -1 },
  ])("$direction with slope $slope → $trend", ({ direction, points, trend, slope }) => {
    const verdict = judgeTrend(points, direction);
    expect(verdict.trend).toBe(trend);
    expect(verdict.mann_kendall?.slope).toBe(slope);
  });

  it("explains a decreasing trend of a tracked metric", () => {
    expect(judgeTrend(MONOTONIC_DOWN, "tracked").reason).toBe(
      "shift below (tracked metric, no judgement): Mann-Kendall finds a significant decreasing trend (S -36, z -3.65, p 0.000263 < 0.05, Theil-Sen slope -1 per period, 9 periods)",
    );
  });

  it("uses the configured significance and then outranks the other run rules", () => {
    // EIGHT_ABOVE: p = 0.2030 < 0.25; Theil-Sen slope 1/14 = 0.0714 (see mann-kendall.test.ts)
    const verdict = judgeTrend(EIGHT_ABOVE, "up", { significance: 0.25 });
    expect(verdict.trend).toBe("improving");
    expect(verdict.mann_kendall?.slope).toBeCloseTo(1 / 14, 12);
    expect(verdict.reason).toBe(
      "Mann-Kendall finds a significant increasing trend (S 12, z 1.27, p 0.203 < 0.25, Theil-Sen slope 0.0714 per period, 9 periods)",
    );
  });

  it.each([0, 1, 5])("rejects significance %s", (significance) => {
    expect(() => judgeTrend(MONOTONIC_UP, "down", { significance })).toThrow(RangeError);
  });
});

describe("judgeTrend: stable", () => {
  it("calls noise stable", () => {
    // mean 11.6, limits 7.61 to 15.59 ("15.6"), half lines 9.605 / 13.595; last 12 inside all
    const verdict = judgeTrend(series(10, 12, 11, 13, 12), "down");
    expect(verdict).toMatchObject({ trend: "stable", signals: [], mann_kendall: null });
    expect(verdict.reason).toBe(
      "no significant change: latest 12 is within the natural process limits 7.61 to 15.6 and no run rule fires (XmR, 5 periods)",
    );
  });

  it("adds the Mann-Kendall p-value from 8 periods on", () => {
    // [10,12,11,13,12,10,12,11]: mean 91/8 = 11.375; moving ranges 2,1,2,1,2,2,1 → mR̄ 11/7 = 1.5714;
    // 2.66 × 1.5714 = 4.18 → limits 7.195 to 15.555, half line 13.465; last 11 inside, 10 < 11.375 in last 8.
    // S: 10 → +6; 12 → −2; 11 → +2; 13 → −4; 12 → −2; 10 → +2; 12 → −1 → S = 1 → z = (1 − 1)/√Var = 0, p = 1
    // Var = (8·7·21 − [10s: 2·1·9 = 18] − [12s: 3·2·11 = 66] − [11s: 18])/18 = (1176 − 102)/18 = 59.667
    const verdict = judgeTrend(series(10, 12, 11, 13, 12, 10, 12, 11), "up");
    expect(verdict.trend).toBe("stable");
    expect(verdict.mann_kendall).toEqual({ s: 1, z: 0, p_value: 1, slope: null });
    expect(verdict.limits?.lower).toBeCloseTo(7.195, 10);
    expect(verdict.limits?.upper).toBeCloseTo(15.555, 10);
    // 7.195 is a rounding tie at 3 significant digits, so either neighbour is acceptable
    expect(verdict.reason).toMatch(
      /^no significant change: latest 11 is within the natural process limits 7\.(19|2) to 15\.6 and no run rule fires \(XmR, 8 periods\); Mann-Kendall p 1 is not below 0\.05$/,
    );
  });

  it("keeps a tracked metric without signals plainly stable", () => {
    expect(judgeTrend(series(10, 12, 11, 13, 12), "tracked").reason).toMatch(/^no significant change: /);
  });
});

/** Percentages of the given wholes; `parts` are counts, so each value is part / whole × 100. */
function proportions(parts: number[], wholes: number[]): TrendPoint[] {
  return series(...parts.map((part, i) => (part / (wholes[i] as number)) * 100)).map((point, i) => ({
    ...point,
    denominator: wholes[i] as number,
  }));
}

const asPercent = (value: number, extraDigits: number) => formatQuantity(value, "percent", extraDigits);

describe("judgeTrend: the chart that fits the metric", () => {
  it("p-chart: a jump on a large whole is a signal", () => {
    // 20, 22, 20, 22, 20, 22, 40 of 100 each: p̄ = 166 / 700 = 0.237143, σ = √(0.237143 · 0.762857 / 100)
    // = 4.25331 % → upper 23.7143 + 12.7599 = 36.4742; z moving ranges 0.470222 (×5) and 4.232002 → mR̄ 1.097186
    // → σZ 0.972682 ≤ 1: binomial limits. 40 > 36.4742.
    const verdict = judgeTrend(proportions([20, 22, 20, 22, 20, 22, 40], Array(7).fill(100)), "down", {
      chart: "p",
    });
    expect(verdict.trend).toBe("worsening");
    expect(verdict.limits?.upper).toBeCloseTo(36.4742, 4);
    expect(verdict.reason).toBe("latest 40 is above the upper control limit 36.5 (p-chart, 7 periods)");
  });

  it("p-chart: the same jump on a small whole is noise, where XmR would call it", () => {
    // as above but the last 40 % is 4 of 10: p̄ = (126 + 4) / 610 = 0.213115
    // σ at n = 10: √(0.213115 · 0.786885 / 10) = 12.9498 % → upper 21.3115 + 38.8493 = 60.1608 > 40
    // (z moving ranges 0.488391 (×5) and 1.275019 → mR̄ 0.619496 → σZ 0.549198 ≤ 1)
    const points = proportions([20, 22, 20, 22, 20, 22, 4], [...Array(6).fill(100), 10]);
    const verdict = judgeTrend(points, "down", { chart: "p" });
    expect(verdict.trend).toBe("stable");
    expect(verdict.limits?.upper).toBeCloseTo(60.1608, 4);
    // XmR over the same percentages: mean 166/7 = 23.7143, mR̄ (5 · 2 + 18) / 6 = 4.6667 → upper 36.1276 < 40
    expect(judgeTrend(points, "down").trend).toBe("worsening");
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY])("rejects a value of %s", (value) => {
    expect(() => judgeTrend(series(1, value, 2), "down")).toThrow(/2025-02/);
  });
});

describe("targetMet", () => {
  it.each<{ value: number; op: "<" | "<=" | "==" | ">=" | ">"; target: number; met: boolean }>([
    { value: 5, op: "<", target: 10, met: true },
    { value: 10, op: "<", target: 10, met: false },
    { value: 10, op: "<=", target: 10, met: true },
    { value: 10.5, op: "<=", target: 10, met: false },
    { value: 0, op: "==", target: 0, met: true },
    { value: 1, op: "==", target: 0, met: false },
    { value: 10, op: ">=", target: 10, met: true },
    { value: 9, op: ">=", target: 10, met: false },
    { value: 11, op: ">", target: 10, met: true },
    { value: 10, op: ">", target: 10, met: false },
    // 0.1 + 0.2 = 0.30000000000000004 in binary floating point: counts as 0.3
    { value: 0.1 + 0.2, op: "==", target: 0.3, met: true },
    { value: 0.1 + 0.2, op: "<=", target: 0.3, met: true },
    { value: 0.1 + 0.2, op: ">", target: 0.3, met: false },
    { value: 0.3, op: ">=", target: 0.1 + 0.2, met: true },
    { value: 0.3, op: "<", target: 0.1 + 0.2, met: false },
    { value: Number.NaN, op: "==", target: 0, met: false },
    { value: Number.NaN, op: "<", target: 1, met: false },
  ])("$value $op $target → $met", ({ value, op, target, met }) => {
    expect(targetMet(value, { op, value: target })).toBe(met);
  });
});
