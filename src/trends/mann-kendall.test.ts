import { describe, expect, it } from "vitest";
import { mannKendall, normalCdf, theilSenSlope } from "./mann-kendall.ts";

describe("normalCdf", () => {
  // Reference values: standard normal tables (Abramowitz & Stegun, table 26.1).
  it.each([
    { z: 0, p: 0.5 },
    { z: 1, p: 0.841344746 },
    { z: -1, p: 0.158655254 },
    { z: 1.96, p: 0.975002105 },
    { z: -1.96, p: 0.024997895 },
    { z: 3, p: 0.998650102 },
  ])("Φ($z) = $p", ({ z, p }) => {
    expect(normalCdf(z)).toBeCloseTo(p, 9);
  });

  it("keeps relative precision in the far tail", () => {
    // Φ(−5) = 2.866515719e−7 (table 26.1); a 1e−7 absolute approximation would be off by a third
    expect(normalCdf(-5) / 2.866515719e-7).toBeCloseTo(1, 8);
  });
});

describe("mannKendall", () => {
  it("handles a tie group in an increasing series", () => {
    const result = mannKendall([1, 2, 2, 4, 3, 5]);
    // S: from 1 → 2,2,4,3,5 all higher: +5; from 2 → 2,4,3,5: 0+1+1+1 = +3;
    //    from 2 → 4,3,5: +3; from 4 → 3,5: −1+1 = 0; from 3 → 5: +1. S = 5+3+3+0+1 = 12
    expect(result.s).toBe(12);
    // n = 6: n(n−1)(2n+5) = 6·5·17 = 510; one tie group of t = 2: 2·1·9 = 18
    // Var(S) = (510 − 18)/18 = 492/18 = 27.3333
    expect(result.varianceS).toBeCloseTo(492 / 18, 10);
    // z = (S − 1)/√Var = 11/5.22813 = 2.10400
    expect(result.z).toBeCloseTo(2.104, 3);
    // table: 1 − Φ(2.10) = 0.01786, 1 − Φ(2.11) = 0.01743 → at 2.104: 0.01786 − 0.4·0.00043 = 0.017688
    // p = 2 · 0.017688 = 0.0354
    expect(result.pValue).toBeCloseTo(0.0354, 3);
    expect(result.significant).toBe(true);
    expect(result.direction).toBe("increasing");
  });

  it("handles two tie groups in a decreasing series", () => {
    const result = mannKendall([5, 5, 5, 3, 3, 1]);
    // S: first 5 → 5,5,3,3,1: 0+0−1−1−1 = −3; second 5 → 5,3,3,1: −3; third 5 → 3,3,1: −3;
    //    3 → 3,1: 0−1 = −1; 3 → 1: −1. S = −3−3−3−1−1 = −11
    expect(result.s).toBe(-11);
    // 510 − [t=3: 3·2·11 = 66] − [t=2: 2·1·9 = 18] = 426; Var(S) = 426/18 = 23.6667
    expect(result.varianceS).toBeCloseTo(426 / 18, 10);
    // z = (S + 1)/√Var = −10/4.86484 = −2.0556
    expect(result.z).toBeCloseTo(-2.0556, 3);
    // table: 1 − Φ(2.05) = 0.02018, 1 − Φ(2.06) = 0.01970 → at 2.0556: 0.02018 − 0.556·0.00048 = 0.019913
    // p = 2 · 0.019913 = 0.0398
    expect(result.pValue).toBeCloseTo(0.0398, 3);
    expect(result.direction).toBe("decreasing");
  });

  it("is not significant at a stricter level", () => {
    // same series as above: p ≈ 0.0354 is not below 0.01
    const result = mannKendall([1, 2, 2, 4, 3, 5], 0.01);
    expect(result.pValue).toBeCloseTo(0.0354, 3);
    expect(result.significant).toBe(false);
    expect(result.direction).toBe("none");
  });

  it("tests a series without ties", () => {
    const result = mannKendall([1, 2, 3, 4, 5]);
    // all 10 pairs increase: S = 10; Var = 5·4·15/18 = 300/18 = 16.6667
    expect(result.s).toBe(10);
    expect(result.varianceS).toBeCloseTo(300 / 18, 10);
    // z = 9/√16.6667 = 9/4.08248 = 2.20454
    expect(result.z).toBeCloseTo(2.2045, 3);
    // table: 1 − Φ(2.20) = 0.01390, 1 − Φ(2.21) = 0.01355 → at 2.2045: 0.01390 − 0.45·0.00035 = 0.013742
    // p = 2 · 0.013742 = 0.0275
    expect(result.pValue).toBeCloseTo(0.0275, 3);
    expect(result.direction).toBe("increasing");
  });

  it.each([
    // all equal: S = 0; Var = (4·3·13 − 4·3·13)/18 = 0 → z 0, p 1
    { name: "all equal", values: [4, 4, 4, 4], s: 0, varianceS: 0 },
    // [2, 1, 2]: −1 + 0 + 1 = 0; Var = (3·2·11 − 2·1·9)/18 = 48/18
    { name: "S = 0 with variance", values: [2, 1, 2], s: 0, varianceS: 48 / 18 },
    { name: "one value", values: [7], s: 0, varianceS: 0 },
    { name: "no values", values: [], s: 0, varianceS: 0 },
  ])("$name → z 0, p 1, no direction", ({ values, s, varianceS }) => {
    const result = mannKendall(values);
    expect(result.s).toBe(s);
    expect(result.varianceS).toBeCloseTo(varianceS, 10);
    expect(result.z).toBe(0);
    expect(result.pValue).toBe(1);
    expect(result.significant).toBe(false);
    expect(result.direction).toBe("none");
  });

  it.each([0, 1, -0.1, Number.NaN])("rejects significance %s", (significance) => {
    expect(() => mannKendall([1, 2, 3], significance)).toThrow(RangeError);
  });
});

describe("theilSenSlope", () => {
  it.each([
    { name: "no values", values: [], slope: null },
    { name: "one value", values: [4], slope: null },
    // one pair: (3 − 5)/1 = −2
    { name: "two values", values: [5, 3], slope: -2 },
    // 3 pairs (odd): (3−1)/1 = 2, (4−1)/2 = 1.5, (4−3)/1 = 1 → sorted 1, 1.5, 2 → 1.5
    { name: "odd pair count", values: [1, 3, 4], slope: 1.5 },
    // 6 pairs (even): 2/1 = 2, 3/2 = 1.5, 9/3 = 3, 1/1 = 1, 7/2 = 3.5, 6/1 = 6
    // → sorted 1, 1.5, 2, 3, 3.5, 6 → (2 + 3)/2 = 2.5
    { name: "even pair count", values: [0, 2, 3, 9], slope: 2.5 },
    // 6 pairs: −6/1, −7/2, −9/3, −1/1, −3/2, −2/1 → sorted −6, −3.5, −3, −2, −1.5, −1 → (−3 − 2)/2 = −2.5
    { name: "even pair count, decreasing", values: [9, 3, 2, 0], slope: -2.5 },
    // 36 pairs: the 6 pairs from a 6 to a later 5 fall, the 12 pairs of equal values are 0, the other 18 rise;
    // the smallest rise is 5@1 → 6@8: 1/7. Median = (18th + 19th)/2 = (0 + 1/7)/2 = 1/14
    { name: "ties and noise", values: [0, 5, 6, 5, 6, 5, 6, 5, 6], slope: 1 / 14 },
  ])("$name", ({ values, slope }) => {
    if (slope === null) expect(theilSenSlope(values)).toBeNull();
    else expect(theilSenSlope(values)).toBeCloseTo(slope, 12);
  });
});
