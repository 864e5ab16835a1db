import { describe, expect, it } from "vitest";
import { xmrLimits } from "./xmr.ts";

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
