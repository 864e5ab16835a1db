import { describe, expect, it } from "vitest";
import { formatDuration, formatQuantity, formatTarget } from "./format.ts";

describe("formatQuantity", () => {
  it.each([
    [546, "seconds", "9.1 min"], // 546 / 60 = 9.1
    [45, "seconds", "45 s"],
    [1800, "seconds", "30 min"],
    [3 * 86_400, "seconds", "3 d"],
    [66.6667, "percent", "67%"],
    [4.25, "percent", "4.3%"],
    [12, "count", "12"],
    [0.59, "count", "0.6"], // an XmR limit of a count metric keeps its decimal
    [null, "count", "—"],
  ] as const)("%s %s → %s", (value, unit, text) => {
    expect(formatQuantity(value, unit)).toBe(text);
  });

  it("writes targets in words", () => {
    expect(formatTarget({ op: "<", value: 300 }, "seconds")).toBe("under 5 min");
    expect(formatTarget({ op: "==", value: 0 }, "count")).toBe("0");
    expect(formatTarget(null, "count")).toBe("no target");
    expect(formatDuration(7200)).toBe("2 h");
  });

  it.each([
    // 6/7 = 85.714…% and a limit of 85.74%: both "86%" at 0 decimals, told apart at 1
    [600 / 7, "percent", 1, "85.7%"],
    [85.74, "percent", 1, "85.7%"],
    [85.74, "percent", 2, "85.74%"],
    [4.25, "percent", 1, "4.25%"],
    [546.5, "seconds", 1, "9.11 min"], // 546.5 / 60 = 9.108
    [0.594, "count", 1, "0.59"],
    [7, "count", 2, "7"], // a whole count needs no decimals
  ] as const)("%s %s with %s more digits → %s", (value, unit, extra, text) => {
    expect(formatQuantity(value, unit, extra)).toBe(text);
  });
});
