import { describe, expect, it } from "vitest";
import {
  mean,
  median,
  medianOfSorted,
  nearestRank,
  nearestRankOfSorted,
  sortedAscending,
} from "./statistics.ts";

describe("mean", () => {
  it.each([
    { values: [], expected: null }, // nothing to average: no value, never 0
    { values: [42], expected: 42 }, // 42 / 1 = 42
    { values: [300, 600, 1200], expected: 700 }, // (300 + 600 + 1200) / 3 = 2100 / 3 = 700
    { values: [1, 2], expected: 1.5 }, // (1 + 2) / 2 = 1.5
    { values: [0, 0, 90], expected: 30 }, // (0 + 0 + 90) / 3 = 30
  ])("mean($values) = $expected", ({ values, expected }) => {
    expect(mean(values)).toBe(expected);
  });
});

describe("median", () => {
  it.each([
    { values: [], expected: null },
    { values: [7], expected: 7 }, // n = 1: the value itself
    { values: [900, 100, 500], expected: 500 }, // sorted 100, 500, 900 → the 2nd of 3 = 500
    { values: [5, 1, 4, 2, 3], expected: 3 }, // sorted 1..5 → the 3rd of 5 = 3
    { values: [10, 20], expected: 15 }, // even: (10 + 20) / 2 = 15
    { values: [400, 100, 300, 200], expected: 250 }, // sorted 100, 200, 300, 400 → (200 + 300) / 2 = 250
    { values: [60, 60, 60, 3600], expected: 60 }, // sorted 60, 60, 60, 3600 → (60 + 60) / 2 = 60
    { values: [1, 2, 4, 100], expected: 3 }, // (2 + 4) / 2 = 3: a value that is not in the data
  ])("median($values) = $expected", ({ values, expected }) => {
    expect(median(values)).toBe(expected);
  });

  it("sorts numerically, not as text, and leaves its input unchanged", () => {
    const values = [1000, 90, 200, 5];
    // numeric order 5, 90, 200, 1000 → (90 + 200) / 2 = 145
    // (text order "1000", "200", "5", "90" would give ("200" + "5") / 2 = 102.5)
    expect(median(values)).toBe(145);
    expect(values).toEqual([1000, 90, 200, 5]);
  });
});

describe("nearestRank (p90)", () => {
  const oneToTen = [7, 3, 10, 1, 9, 2, 8, 4, 6, 5];
  const tensToHundredTen = [110, 10, 100, 20, 90, 30, 80, 40, 70, 50, 60];
  it.each([
    { label: "empty", values: [], expected: null },
    // n = 1: rank = ⌈0.9 × 1⌉ = ⌈0.9⌉ = 1 → the only value
    { label: "n = 1", values: [42], expected: 42 },
    // n = 2: rank = ⌈1.8⌉ = 2 → the larger one
    { label: "n = 2", values: [300, 100], expected: 300 },
    // n = 10: rank = ⌈0.9 × 10⌉ = 9 → 9th of 1..10 = 9 (not 9.1: nearest rank never interpolates)
    { label: "n = 10", values: oneToTen, expected: 9 },
    // n = 11: rank = ⌈9.9⌉ = 10 → 10th of 10, 20, …, 110 = 100
    { label: "n = 11", values: tensToHundredTen, expected: 100 },
    // n = 20: rank = ⌈18⌉ = 18 → 18th of 1..20 = 18
    { label: "n = 20", values: Array.from({ length: 20 }, (_, i) => 20 - i), expected: 18 },
    // ties: sorted 5×9, 7 → rank 9 is still a 5
    { label: "ties below the rank", values: [5, 7, 5, 5, 5, 5, 5, 5, 5, 5], expected: 5 },
    // ties: sorted 1..8, 9, 9, 9 (n = 11) → rank 10 = 9
    { label: "ties at the rank", values: [9, 1, 9, 2, 3, 9, 4, 5, 6, 7, 8], expected: 9 },
    // all equal: any rank → 60
    { label: "all equal", values: [60, 60, 60, 60], expected: 60 },
  ])("$label → $expected", ({ values, expected }) => {
    expect(nearestRank(values, 90)).toBe(expected);
  });

  it.each([
    // p50 of 1..10: rank ⌈5⌉ = 5 → 5 (the median would be 5.5)
    { percentile: 50, expected: 5 },
    // p100: rank 10 → the maximum
    { percentile: 100, expected: 10 },
    // p0: rank max(1, ⌈0⌉) = 1 → the minimum
    { percentile: 0, expected: 1 },
    // p10: rank ⌈1⌉ = 1 → 1
    { percentile: 10, expected: 1 },
    // p11: rank ⌈1.1⌉ = 2 → 2
    { percentile: 11, expected: 2 },
  ])("p$percentile of 1..10 = $expected", ({ percentile, expected }) => {
    expect(nearestRank([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], percentile)).toBe(expected);
  });

  it.each([
    // p7 of 1..100: rank = 7 × 100 / 100 = 7 exactly → 7 (0.07 × 100 is 7.000000000000001 in floating point)
    { percentile: 7, n: 100, expected: 7 },
    // p14 of 1..50: rank = 14 × 50 / 100 = 7 → 7
    { percentile: 14, n: 50, expected: 7 },
    // p57 of 1..100: rank = 57 → 57
    { percentile: 57, n: 100, expected: 57 },
  ])("an exact rank stays exact: p$percentile of 1..$n = $expected", ({ percentile, n, expected }) => {
    const values = Array.from({ length: n }, (_, i) => i + 1);
    expect(nearestRank(values, percentile)).toBe(expected);
  });

  it("leaves its input unchanged", () => {
    const values = [3, 1, 2];
    nearestRank(values, 90);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe("one sort for a median and a percentile", () => {
  it("sorts a copy numerically and reads the median and p90 from it", () => {
    const values = [1000, 90, 200, 5, 60];
    const sorted = sortedAscending(values);
    expect([...sorted]).toEqual([5, 60, 90, 200, 1000]);
    expect(values).toEqual([1000, 90, 200, 5, 60]);
    // n = 5: the 3rd = 90; p90 rank = ⌈0.9 × 5⌉ = ⌈4.5⌉ = 5 → 1000
    expect(medianOfSorted(sorted)).toBe(90);
    expect(nearestRankOfSorted(sorted, 90)).toBe(1000);
  });

  it("has neither for no values", () => {
    const sorted = sortedAscending([]);
    expect(medianOfSorted(sorted)).toBeNull();
    expect(nearestRankOfSorted(sorted, 90)).toBeNull();
  });
});
