import { describe, expect, it } from "vitest";
import type { RunSignal, XmrLimits } from "./xmr.ts";
import { runSignalsAtLast, xmrLimits } from "./xmr.ts";

describe("xmrLimits", () => {
  it("computes the natural process limits of a small series", () => {
    const limits = xmrLimits([10, 12, 11, 13, 12]);
    // mean = (10+12+11+13+12)/5 = 58/5 = 11.6
    expect(limits?.centre).toBeCloseTo(11.6, 10);
    // moving ranges |12−10|=2, |11−12|=1, |13−11|=2, |12−13|=1 → mR̄ = 6/4 = 1.5
    expect(limits?.averageMovingRange).toBeCloseTo(1.5, 10);
    // 2.66 × 1.5 = 3.99 → UNPL 11.6 + 3.99 = 15.59, LNPL 11.6 − 3.99 = 7.61
    expect(limits?.upper).toBeCloseTo(15.59, 10);
    expect(limits?.lower).toBeCloseTo(7.61, 10);
    // half-way: 3.99 / 2 = 1.995 → 11.6 + 1.995 = 13.595, 11.6 − 1.995 = 9.605
    expect(limits?.halfUpper).toBeCloseTo(13.595, 10);
    expect(limits?.halfLower).toBeCloseTo(9.605, 10);
  });

  it.each([
    // two values [4, 8]: mean 6, one moving range 4, 2.66 × 4 = 10.64, half 5.32
    { values: [4, 8], centre: 6, mr: 4, upper: 16.64, lower: -4.64, halfUpper: 11.32, halfLower: 0.68 },
    // all equal: mean 3, moving ranges 0 → every line sits on the centre
    { values: [3, 3, 3], centre: 3, mr: 0, upper: 3, lower: 3, halfUpper: 3, halfLower: 3 },
    // [0, 10, 0]: mean 10/3 = 3.3333, mR̄ = (10+10)/2 = 10, 2.66 × 10 = 26.6, half 13.3
    {
      values: [0, 10, 0],
      centre: 10 / 3,
      mr: 10,
      upper: 10 / 3 + 26.6,
      lower: 10 / 3 - 26.6,
      halfUpper: 10 / 3 + 13.3,
      halfLower: 10 / 3 - 13.3,
    },
  ])("limits of $values", ({ values, centre, mr, upper, lower, halfUpper, halfLower }) => {
    const limits = xmrLimits(values);
    expect(limits?.centre).toBeCloseTo(centre, 10);
    expect(limits?.averageMovingRange).toBeCloseTo(mr, 10);
    expect(limits?.upper).toBeCloseTo(upper, 10);
    expect(limits?.lower).toBeCloseTo(lower, 10);
    expect(limits?.halfUpper).toBeCloseTo(halfUpper, 10);
    expect(limits?.halfLower).toBeCloseTo(halfLower, 10);
  });

  it.each([[[]], [[5]]])("is null for fewer than 2 values: %j", (values) => {
    expect(xmrLimits(values)).toBeNull();
  });
});

describe("runSignalsAtLast", () => {
  // Round lines so that "exactly on a line" is exact in floating point.
  const limits: XmrLimits = {
    centre: 10,
    averageMovingRange: 6 / 2.66,
    upper: 16,
    lower: 4,
    halfUpper: 13,
    halfLower: 7,
  };
  const above = (rule: RunSignal["rule"]): RunSignal => ({ rule, side: "above" });
  const below = (rule: RunSignal["rule"]): RunSignal => ({ rule, side: "below" });

  it.each<{ name: string; values: number[]; expected: RunSignal[] }>([
    { name: "empty series", values: [], expected: [] },
    // beyond_limit
    { name: "last above the upper limit", values: [10, 17], expected: [above("beyond_limit")] },
    { name: "last exactly on the upper limit", values: [10, 16], expected: [] },
    { name: "last below the lower limit", values: [10, 3], expected: [below("beyond_limit")] },
    { name: "last exactly on the lower limit", values: [10, 4], expected: [] },
    { name: "an earlier point beyond, last inside", values: [10, 20, 11], expected: [] },
    // three_of_four_beyond_half: last 4 = [14, 9, 14, 14] → 3 above 13, last among them
    {
      name: "3 of 4 above the half line",
      values: [10, 14, 9, 14, 14],
      expected: [above("three_of_four_beyond_half")],
    },
    // last 4 = [14, 9, 13, 14] → 13 is on the line, only 2 beyond
    { name: "3 of 4 with one exactly on the half line", values: [10, 14, 9, 13, 14], expected: [] },
    // last 4 = [14, 14, 14, 9] → 3 beyond but the last point is not one of them
    { name: "3 of 4 beyond without the last point", values: [10, 14, 14, 14, 9], expected: [] },
    // last 4 = [6, 6, 11, 6] → 3 below 7
    {
      name: "3 of 4 below the half line",
      values: [10, 6, 6, 11, 6],
      expected: [below("three_of_four_beyond_half")],
    },
    // last 4 = [6, 7, 11, 6] → 7 is on the line, only 2 beyond
    { name: "3 of 4 below with one exactly on the half line", values: [10, 6, 7, 11, 6], expected: [] },
    // only 3 points exist: all 3 beyond is still 3 of the last 4
    {
      name: "3 points, all beyond the half line",
      values: [14, 14, 14],
      expected: [above("three_of_four_beyond_half")],
    },
    // eight_on_one_side: 11 is above 10 but below the half line 13
    {
      name: "8 above the centre",
      values: [9, 11, 11, 11, 11, 11, 11, 11, 11],
      expected: [above("eight_on_one_side")],
    },
    { name: "8 with one exactly on the centre", values: [11, 11, 11, 10, 11, 11, 11, 11], expected: [] },
    { name: "only 7 above the centre", values: [9, 11, 11, 11, 11, 11, 11, 11], expected: [] },
    { name: "8 below the centre", values: [9, 9, 9, 9, 9, 9, 9, 9], expected: [below("eight_on_one_side")] },
    { name: "7 points below the centre", values: [9, 9, 9, 9, 9, 9, 9], expected: [] },
    // all three at once: 17 > 16; last 4 = [14, 14, 14, 17] all > 13; last 8 all > 10
    {
      name: "all three rules",
      values: [14, 14, 14, 14, 14, 14, 14, 17],
      expected: [above("beyond_limit"), above("three_of_four_beyond_half"), above("eight_on_one_side")],
    },
  ])("$name", ({ values, expected }) => {
    expect(runSignalsAtLast(values, limits)).toEqual(expected);
  });

  it("finds nothing in a series that is only noise", () => {
    const values = [10, 12, 11, 13, 12];
    // limits 7.61 … 15.59, half lines 9.605 / 13.595; last 12 is inside both, fewer than 8 points
    expect(runSignalsAtLast(values, xmrLimits(values) as XmrLimits)).toEqual([]);
  });
});
