import { describe, expect, it } from "vitest";
import { formatTarget } from "../model/format.ts";
import type { Target, Unit } from "../model/metric-definition.ts";
import { scorecardReport } from "./fixtures/reports.ts";
import type { MetricRow } from "./model.ts";
import { escapeHtml, sparklineSvg, TREND_COLOURS, targetFromRow, trendChartSvg } from "./svg-chart.ts";

function row(id: string): MetricRow {
  const found = scorecardReport()
    .categories.flatMap((category) => category.rows)
    .find((r) => r.id === id);
  if (!found) throw new Error(`no row ${id} in the fixture`);
  return found;
}

describe("escapeHtml", () => {
  it("escapes the five characters that can break out of text or attributes", () => {
    expect(escapeHtml(`<a href="x">Tom & 'Jerry'</a>`)).toBe(
      "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;",
    );
  });
});

describe("targetFromRow", () => {
  it.each<[Target, Unit]>([
    [{ op: "<", value: 300 }, "seconds"],
    [{ op: "<", value: 1800 }, "seconds"],
    [{ op: "<=", value: 4 * 3600 }, "seconds"],
    [{ op: ">=", value: 3 * 86_400 }, "seconds"],
    [{ op: "<", value: 45 }, "seconds"],
    [{ op: ">=", value: 95 }, "percent"],
    [{ op: "==", value: 0 }, "percent"],
    [{ op: ">", value: 2.5 }, "per_day"],
    [{ op: "==", value: 0 }, "count"],
    [{ op: "<=", value: 12 }, "count"],
  ])("reads back %o in %s from formatTarget's text", (target, unit) => {
    expect(targetFromRow({ target: formatTarget(target, unit), unit })).toEqual(target);
  });

  it.each([
    ["no target", "count"],
    ["under 5 min", "count"],
    ["95%", "seconds"],
    ["soon", "percent"],
  ] as const)("gives null for %j in %s", (target, unit) => {
    expect(targetFromRow({ target, unit })).toBeNull();
  });
});

describe("trendChartSvg", () => {
  it("draws a null period as a gap, not a zero, and says so in its accessible name", () => {
    const mttd = row("mttd");
    expect(mttd.series.map((p) => p.value)).toContain(null);
    const svg = trendChartSvg(mttd);
    expect(svg.match(/<polyline /g)).toHaveLength(2);
    expect(svg).toContain("2026-05 no data");
    expect(svg).not.toContain("NaN");
  });

  it("draws and labels the XmR centre line and limits dashed, and the target", () => {
    const mttr = row("mttr");
    const svg = trendChartSvg(mttr, { target: targetFromRow(mttr) });
    expect(svg.match(/stroke-dasharray="4 3"/g)).toHaveLength(2);
    expect(svg).toContain('stroke-dasharray="1.5 2"');
    expect(svg).toMatch(/>upper [\d.]+ [a-z]+</);
    expect(svg).toMatch(/>centre [\d.]+ [a-z]+</);
    // The scale tops out at 2.1 h, so the lines beside it read in hours too: 30 min is 0.5 h.
    expect(svg).toMatch(/>lower [\d.]+ h</);
    expect(svg).toContain(">target &lt; 0.5 h<");
    expect(svg).toContain("natural process limits");
  });

  it.each([
    // mttd: 1500 s plus 6% padding = 1590 s = 26.5 min, whole minutes above 10: 27 min; the zero in minutes too.
    ["mttd", ["27 min", "0 min"]],
    ["incidents_within_sla", ["100%", "0%"]],
    // incident_count 4,6,5,7,5,6,6: centre 39/7 = 5.571, mean moving range 8/6 = 1.333,
    // upper limit 5.571 + 2.66 × 1.333 = 9.118, plus 6% = 9.665.
    ["incident_count", ["9.7", "0"]],
  ])("labels the scale of %s in its unit, one unit for the whole axis", (id, ticks) => {
    const svg = trendChartSvg(row(id));
    const scale = [...svg.matchAll(/<text x="40" y="[\d.]+" text-anchor="end" fill="#64748b">([^<]+)</g)].map(
      (m) => m[1],
    );
    expect(scale).toEqual(ticks);
  });

  it("colours the current point by the verdict: worsening red, improving green", () => {
    expect(row("mttd").trend).toBe("worsening");
    expect(trendChartSvg(row("mttd"))).toContain(`r="3.5" fill="${TREND_COLOURS.worsening}"`);
    expect(row("mttr").trend).toBe("improving");
    expect(trendChartSvg(row("mttr"))).toContain(`r="3.5" fill="${TREND_COLOURS.improving}"`);
    expect(row("mtta").trend).toBe("stable");
    expect(trendChartSvg(row("mtta"))).toContain(`r="3.5" fill="${TREND_COLOURS.neutral}"`);
  });

  it("does not draw a current figure for a stale metric", () => {
    const svg = trendChartSvg(row("false_positive_rate"));
    expect(svg).toContain(">stale<");
    expect(svg).not.toContain('r="3.5"');
  });

  it("leaves out a lower limit below zero for a count", () => {
    const sev1 = row("sev1_incidents");
    expect(sev1.limits?.lower).toBeLessThan(0);
    const svg = trendChartSvg(sev1);
    expect(svg).not.toContain(">lower ");
    expect(svg).toContain(">upper ");
  });

  it("labels the first and last periods on the x axis", () => {
    const svg = trendChartSvg(row("mtta"), { width: 200 });
    expect(svg).toContain(">2026-03<");
    expect(svg).toContain(">2026-09<");
  });

  it("says there is no data when no period has a value", () => {
    const svg = trendChartSvg(row("repeat_findings"));
    expect(svg).toContain("no data in any period");
    expect(svg).not.toContain("<polyline");
  });

  it("escapes text from the row", () => {
    const hostile = { ...row("mtta"), name: `<img src=x onerror="alert(1)">` };
    const svg = trendChartSvg(hostile);
    expect(svg).not.toContain("<img");
    expect(svg).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
  });

  it("is inline SVG without namespace URL or ids", () => {
    const svg = trendChartSvg(row("mttd"));
    expect(svg).not.toMatch(/https?:/);
    expect(svg).not.toContain(" id=");
    expect(svg).toMatch(/^<svg class="trend-chart" role="img" aria-label="[^"]+"/);
  });
});

describe("sparklineSvg", () => {
  it.each([
    [[1, 2, null, 4, 5], 2],
    [[1, null, 3], 0],
    [[null, null, 3], 0],
    [[3, 4, 5], 1],
  ])("draws %j as %i line segments", (values, segments) => {
    expect(sparklineSvg(values).match(/<polyline /g) ?? []).toHaveLength(segments);
  });

  it("marks the last value in the trend's colour", () => {
    expect(sparklineSvg([1, 2, 3], { trend: "worsening" })).toContain(`fill="${TREND_COLOURS.worsening}"`);
  });

  it("draws a dashed amber line when nothing has a value", () => {
    const svg = sparklineSvg([null, null]);
    expect(svg).toContain('stroke-dasharray="2 2"');
    expect(svg).toContain("no data, no data");
  });
});
