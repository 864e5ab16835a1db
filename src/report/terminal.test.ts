import { describe, expect, it } from "vitest";
import { kpiReport } from "./fixtures/reports.ts";
import { renderKpiTable, sparkline } from "./terminal.ts";

function rowOf(table: string, name: string): string {
  const line = table.split("\n").find((l) => l.includes(`│ ${name} `));
  if (!line) throw new Error(`no row ${name}`);
  return line;
}

describe("renderKpiTable", () => {
  const table = renderKpiTable(kpiReport(), "UTC");

  it("points the arrow the way the value moved, whatever the verdict", () => {
    // mttd rose from ~270 s to 1500 s: up and worsening; mttr fell from ~5,300 s to 1200 s: down and improving.
    expect(rowOf(table, "Mean time to detect")).toContain("↑ worsening");
    expect(rowOf(table, "Mean time to respond")).toContain("↓ improving");
  });

  it("shows stale and missing values in words, never as a number", () => {
    expect(rowOf(table, "False-positive alert rate")).toMatch(/│ stale\s+│/);
    expect(rowOf(table, "Training compliance")).toMatch(/│ no data\s+│/);
  });
});

describe("renderKpiTable ownership", () => {
  it("says so loudly when a metric has no owner", () => {
    // The fixture gives owners to detection_response, vulnerability_management and compliance only.
    expect(rowOf(renderKpiTable(kpiReport(), "UTC"), "Training compliance")).toContain("no owner");
  });
});

describe("sparkline", () => {
  it.each([
    [[1, 2, 3, 4, 5, 6, 7, 8], "▁▂▃▄▅▆▇█"], // (v − 1) / 7 × 7 = v − 1
    [[240, 300, null, 270], "▁█ ▅"], // (270 − 240) / 60 × 7 = 3.5 → bar 4 of 0–7, "▅"; the null is a gap
    [[5, 5], "▄▄"], // no span: the middle bar
    [[null, null], ""],
  ])("%j → %s", (values, bars) => {
    expect(sparkline(values)).toBe(bars);
  });
});
