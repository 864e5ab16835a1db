import { describe, expect, it } from "vitest";
import { type ControlLines, type RunSignal, runSignalsAtLast } from "./run-rules.ts";
import { type XmrLimits, xmrLimits } from "./xmr.ts";

describe("runSignalsAtLast", () => {
  // Round lines so that "exactly on a line" is exact in floating point.
  const limits: ControlLines = {
    centre: 10,
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
    expect(
      runSignalsAtLast(
        values,
        values.map(() => limits),
      ),
    ).toEqual(expected);
  });

  it("finds nothing in a series that is only noise", () => {
    const values = [10, 12, 11, 13, 12];
    // limits 7.61 … 15.59, half lines 9.605 / 13.595; last 12 is inside both, fewer than 8 points
    const lines = xmrLimits(values) as XmrLimits;
    expect(
      runSignalsAtLast(
        values,
        values.map(() => lines),
      ),
    ).toEqual([]);
  });
});

describe("runSignalsAtLast with lines that vary by point", () => {
  // A p-chart's lines at a point with a small whole (wide) and with a large one (narrow).
  const wide: ControlLines = { centre: 10, upper: 22, lower: 0, halfUpper: 16, halfLower: 4 };
  const narrow: ControlLines = { centre: 10, upper: 13, lower: 7, halfUpper: 11.5, halfLower: 8.5 };

  it.each<{ name: string; values: number[]; lines: ControlLines[]; expected: RunSignal[] }>([
    // 14 is beyond the narrow upper limit 13, inside the wide one
    {
      name: "beyond the narrow limit of the last point",
      values: [12, 12, 14],
      lines: [wide, wide, narrow],
      expected: [{ rule: "beyond_limit", side: "above" }],
    },
    {
      name: "inside the wide limit of the last point",
      values: [12, 12, 14],
      lines: [narrow, narrow, wide],
      expected: [],
    },
    // 12, 12, 12 against half-way lines 11.5, 11.5, 11.5: three beyond
    {
      name: "three beyond their own half-way lines",
      values: [12, 12, 12],
      lines: [narrow, narrow, narrow],
      expected: [{ rule: "three_of_four_beyond_half", side: "above" }],
    },
    // the same values, but the first point's half-way line is 16: only two beyond
    {
      name: "two beyond their own half-way lines",
      values: [12, 12, 12],
      lines: [wide, narrow, narrow],
      expected: [],
    },
  ])("$name", ({ values, lines, expected }) => {
    expect(runSignalsAtLast(values, lines)).toEqual(expected);
  });

  it("needs one set of lines per value", () => {
    expect(() => runSignalsAtLast([1, 2, 3], [wide, wide])).toThrow(RangeError);
  });
});
