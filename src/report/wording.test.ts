import { describe, expect, it } from "vitest";
import { parsePeriod } from "../model/period.ts";
import { buildScorecard } from "./build.ts";
import { reportInput } from "./fixtures/reports.ts";
import { renderHtml } from "./html.ts";
import { renderMarkdown } from "./markdown.ts";
import { renderKpiTable } from "./terminal.ts";

/** The fixture's September 2026 as a Tokyo team configures it (UTC+9). */
function tokyoScorecard() {
  const input = reportInput("Tokyo Org");
  const { start, end } = parsePeriod("2026-09", { timezone: "Asia/Tokyo", iterations: [] });
  return buildScorecard({
    ...input,
    timezone: "Asia/Tokyo",
    kpis: { ...input.kpis, period: { ...input.kpis.period, start, end } },
  });
}

describe("report dates in the configured zone", () => {
  it("gives the report model the zone and keeps its instants ISO", () => {
    const report = tokyoScorecard();
    expect(report.timezone).toBe("Asia/Tokyo");
    // Tokyo's September starts at 2026-08-31T15:00Z.
    expect(report.period.start).toBe("2026-08-31T15:00:00.000Z");
  });

  it("labels the period by its local days and the generation time in local time, in Markdown and HTML", () => {
    const report = tokyoScorecard();
    // Generated 2026-10-01T07:30Z: 16:30 in Tokyo. Before, this read
    // "2026-08-31 15:00 UTC to 2026-09-30 15:00 UTC (end excluded)".
    expect(renderMarkdown(report)).toContain(
      "**Period**: 2026-09 (2026-09-01 to 2026-09-30 (Asia/Tokyo)) · **Generated**: 2026-10-01 16:30 Asia/Tokyo",
    );
    expect(renderHtml(report)).toContain(
      "<b>Period</b> 2026-09 · 2026-09-01 to 2026-09-30 (Asia/Tokyo)</span> <span><b>Generated</b> 2026-10-01 16:30 Asia/Tokyo",
    );
  });

  it("heads the terminal table with the period's local days", () => {
    const { kpis } = reportInput();
    const { start, end } = parsePeriod("2026-09", { timezone: "America/New_York", iterations: [] });
    const table = renderKpiTable({ ...kpis, period: { ...kpis.period, start, end } }, "America/New_York");
    expect(table.split("\n").slice(0, 2)).toEqual([
      expect.stringContaining("Security KPIs — 2026-09"),
      "2026-09-01 to 2026-09-30 (America/New_York)",
    ]);
  });
});
