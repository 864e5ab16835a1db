import { describe, expect, it } from "vitest";
import { RISK_RULE } from "../review/posture.ts";
import { buildIterationReport, buildScorecard } from "./build.ts";
import {
  emptyKpiReport,
  HOSTILE_ORGANISATION,
  iterationReport,
  iterationReportWithImpact,
  reportInput,
  scorecardReport,
  scorecardWithExceptions,
} from "./fixtures/reports.ts";
import { escapeHtml, renderHtml } from "./html.ts";

const iteration = renderHtml(iterationReport());
const scorecard = renderHtml(scorecardWithExceptions());

/** Positions of `needles` in `haystack`, failing on any that is missing. */
function positions(haystack: string, needles: readonly string[]): number[] {
  return needles.map((needle) => {
    const at = haystack.indexOf(needle);
    expect(at, `${needle} is missing`).toBeGreaterThanOrEqual(0);
    return at;
  });
}

function increasing(values: readonly number[]): boolean {
  return values.every((value, i) => i === 0 || value > (values[i - 1] as number));
}

describe.each([
  ["iteration", iteration],
  ["scorecard", scorecard],
  ["scorecard without exception register", renderHtml(scorecardReport())],
])("renderHtml: %s", (_, html) => {
  it("is one self-contained HTML5 document for A4", () => {
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain("@page { size: A4; margin: 12mm; }");
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<link|<img|<iframe|@import|url\(/i);
    expect(html.trimEnd().endsWith("</html>")).toBe(true);
  });

  it("escapes the organisation in the title and the header", () => {
    const escaped = escapeHtml(HOSTILE_ORGANISATION);
    expect(escaped).toBe(
      "Acme &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Sons&#39; &quot;Security&quot;",
    );
    expect(html).toContain(`<p class="organisation">${escaped}</p>`);
    expect(html).toContain(`<title>Security`);
    expect(html).not.toContain(HOSTILE_ORGANISATION);
  });

  it("quotes the rule that set the overall risk level", () => {
    expect(html).toContain(`<b>Rule</b>: ${escapeHtml(RISK_RULE)}`);
    expect(html).toContain('<div class="risk-pill risk-high"><span>Overall risk</span><strong>High</strong>');
  });

  it("escapes owners", () => {
    expect(html).toContain("GRC &lt;Governance&gt;");
    expect(html).not.toContain("GRC <Governance>");
  });
});

describe("renderHtml: iteration report", () => {
  it("adds the impact of the recommendations acted on last, only when there is one", () => {
    expect(iteration).not.toContain("Impact of Recommendations Acted On");
    const html = renderHtml(iterationReportWithImpact());
    const at = html.indexOf("<h2>Impact of Recommendations Acted On</h2>");
    expect(at).toBeGreaterThan(html.indexOf("<h2>Recommendations</h2>"));
    expect(html.slice(at)).toContain("github issue 12 closed on 2026-07-01");
    expect(html.slice(at)).toContain(
      '<span class="status status-verified_effective">verified effective</span>',
    );
  });

  it("has the iteration report's sections in order", () => {
    const order = positions(iteration, [
      "<h2>Incident Response</h2>",
      "<h3>Incident Summary</h3>",
      "<h3>Root Causes",
      "<h2>Vulnerability Management</h2>",
      "<h2>Application Security</h2>",
      "<h2>Compliance Status</h2>",
      "<h2>Other Metrics Behind the Risk Level</h2>",
      "<h2>Security Posture Trend</h2>",
      "<h2>Recommendations</h2>",
    ]);
    expect(increasing(order)).toBe(true);
  });

  it("has the Metric | Current | Target | Trend table with a chart per metric that has history", () => {
    expect(iteration).toContain(
      '<th scope="col">Metric</th><th scope="col">Current</th><th scope="col">Target</th><th scope="col">Trend</th>',
    );
    const report = iterationReport();
    const charted = [
      ...report.incident_response.rows,
      ...report.vulnerability_management.rows,
      ...report.compliance.rows,
      ...report.other_risk_metrics.rows,
    ].filter((row) => row.series.some((p) => p.value !== null));
    expect(iteration.match(/<svg class="trend-chart"/g)).toHaveLength(charted.length);
  });

  it("shows every status in words and colour, with the reason for stale and no data", () => {
    for (const status of ["met", "missed", "no_target", "no_data", "stale"]) {
      expect(iteration).toContain(`<span class="status status-${status}">`);
    }
    expect(iteration).toContain("stale: sources (trivy) last reported 2026-07-15T00:00:00.000Z");
    expect(iteration).toContain(
      '<p class="reason">no source imported yet: import audit-findings-csv, audit-findings-yaml, oscal-assessment-results</p>',
    );
  });

  it("never shows a stale metric's value as a current figure", () => {
    const row =
      /<tr class="row-stale">\s*<th scope="row"><span class="metric-name">False-positive alert rate[\s\S]*?<\/tr>/.exec(
        iteration,
      )?.[0];
    expect(row).toBeDefined();
    expect(row).not.toContain('<span class="value">');
    expect(row).toContain(">stale</text>");
  });

  it("shows a worsening metric with its limits and the evidence", () => {
    const row = /<th scope="row"><span class="metric-name">Mean time to detect[\s\S]*?<\/tr>/.exec(
      iteration,
    )?.[0];
    expect(row).toContain('<span class="trend trend-worsening">worsening</span>');
    expect(row).toMatch(/>upper [\d.]+ min</);
    expect(row).toContain(">target &lt; 5 min<");
    expect(row).toContain("above the upper natural process limit");
  });

  it("says a section without data honestly and names what it would measure", () => {
    const section = /<h2>Application Security<\/h2>([\s\S]*?)<\/section>/.exec(iteration)?.[1] ?? "";
    expect(section).toContain("No data imported: no SAST, DAST or dependency scan has been imported yet.");
    expect(section).toContain("SAST findings (new)");
    expect(section).not.toContain("<table");
  });

  it("shows the compliance status by requirement, escaped, an overdue target marked", () => {
    const section = /<h2>Compliance Status<\/h2>([\s\S]*?)<\/section>/.exec(iteration)?.[1] ?? "";
    expect(section).toContain(
      '<p class="requirement-counts"><b>Framework requirements</b>: 10 requirements: 4 not met, 3 partial, 1 not assessed, 2 met.</p>',
    );
    expect(section).toContain(`<tr class="requirement-not_met">
<th scope="row" class="mono">NIST-800-53 IA-5(1)</th>
<td><span class="status requirement-status-not_met">not met</span></td>
<td>3 (1 failing check, 2 audit findings)</td>
<td>2026-10-20, audit finding AF-3</td>`);
    expect(section).toContain('<th scope="row" class="mono">example.org/rules|&lt;b&gt; *R_1*</th>');
    expect(section).toContain('<td class="overdue">2026-09-15, exception EX-&lt;9&gt; (expired)</td>');
    expect(section.indexOf("requirements")).toBeLessThan(section.indexOf('<table class="metrics">'));
  });

  it("summarises incidents and lists critical and high root causes, escaped", () => {
    expect(iteration).toContain(
      "Total incidents this period: <b>6</b> production (plus 1 drill, reported apart).",
    );
    expect(iteration).toContain("<td>IAM | misconfiguration</td>");
  });

  it("gives the overall risk level, the posture trend and the recommendations table", () => {
    expect(iteration).toContain("<p><b>Overall risk level</b>: High — Trend: 2 worsening, 1 improving,");
    expect(iteration).toContain(
      '<th scope="col">Recommendation</th><th scope="col">Priority</th><th scope="col">Rationale</th><th scope="col">Expected Impact</th><th scope="col">Owner</th>',
    );
    expect(iteration).toContain("Reduce mean time to detect to under 5 min (now 25 min)");
    expect(iteration).toContain('<span class="priority priority-high">High</span>');
    // The statistics are one click away, not in the rationale.
    expect(iteration).toContain(
      '<details class="statistics"><summary>Statistics</summary>latest 1500 is above the upper natural process limit 1199 (XmR, 6 periods); history:',
    );
  });

  it("draws the posture trend: one column of counts and a risk cell per period", () => {
    // Seven periods (2026-03 … 2026-09), so seven risk cells, each titled with its period and level.
    expect(iteration.match(/<svg class="posture-chart"/g)).toHaveLength(1);
    expect(
      iteration.match(/<rect [^>]*><title>2026-0\d: (High|Medium|Low|Unknown)<\/title><\/rect>/g),
    ).toHaveLength(7);
    expect(iteration).toContain("<title>2026-09: High</title>");
  });

  it("shows a first run without any data as Unknown risk with every section's note, never a zero", () => {
    const html = renderHtml(buildIterationReport(reportInput(undefined, emptyKpiReport()), []));
    expect(html).toContain('<div class="risk-pill risk-unknown">');
    // The four metric sections and the compliance status by requirement.
    expect(html.match(/<div class="notice">/g)).toHaveLength(5);
    expect(html).toContain("No incident records for this period.");
    expect(html).not.toContain('<span class="value">');
    expect(html).not.toContain('<td class="num">0</td>');
    expect(html).toContain("Nothing is measured yet, so there is nothing to recommend");
  });
});

describe("renderHtml: scorecard", () => {
  it("puts the headline, the risk and the exceptions before the page break, the category view after", () => {
    const order = positions(scorecard, [
      '<section class="headline"',
      "<h2>Overall Risk</h2>",
      '<section class="block compact"><h2>Exceptions</h2>',
      '<section class="block categories page-break">',
      "<h2>Recommendations</h2>",
    ]);
    expect(increasing(order)).toBe(true);
    expect(scorecard).toContain(".page-break { break-before: page; page-break-before: always; }");
  });

  it("has a tile per headline section, with value, target, status and sparkline", () => {
    expect(scorecard.match(/<article class="tile /g)).toHaveLength(5);
    const incidents = /<article class="tile [^"]*"><h2>Incidents<\/h2>[\s\S]*?<\/article>/.exec(
      scorecard,
    )?.[0];
    expect(incidents).toContain('<span class="kpi-value">25 min</span>');
    expect(incidents).toContain("target under 5 min");
    expect(incidents).toContain('<span class="status status-missed">missed</span>');
    expect(incidents?.match(/<svg class="sparkline"/g)).toHaveLength(3);
  });

  it("shows a headline section without data loudly, with its note", () => {
    const drift = /<article class="tile tile-no_data"><h2>Drift<\/h2>[\s\S]*?<\/article>/.exec(
      scorecard,
    )?.[0];
    expect(drift).toContain('<span class="status status-no_data">No data</span>');
    expect(drift).toContain("No asset inventory, drift data or monitor configuration imported yet.");
  });

  it("lists the exceptions, escaped, or says why there are none", () => {
    expect(scorecard).toContain("<td>Legacy &lt;billing&gt; host keeps TLS 1.0 | until migration</td>");
    expect(scorecard).toContain('<span class="state state-expired">expired</span>');
    expect(scorecard).toContain('<span class="owner-missing">unassigned</span>');
    expect(renderHtml(scorecardReport())).toContain("No exception register imported yet.");
  });

  it("shows each category with its owner, or that it has none, and footnotes the reasons", () => {
    expect(scorecard).toContain(
      '<h3>Detection &amp; Response</h3><span class="owner">Owner: SOC | Detection team</span>',
    );
    expect(scorecard).toContain(
      '<h3>Prevention &amp; Controls</h3><span class="owner owner-missing">No owner assigned</span>',
    );
    expect(scorecard).toContain('<span class="status status-stale">stale<sup>1</sup></span>');
    expect(scorecard).toContain('<ol class="footnotes"><li>no source imported yet');
  });

  it("renders a first run without any data", () => {
    const html = renderHtml(buildScorecard(reportInput(undefined, emptyKpiReport())));
    expect(html.match(/<article class="tile tile-no_data[ "]/g)).toHaveLength(5);
    expect(html).toContain("<strong>Unknown</strong>");
  });
});
