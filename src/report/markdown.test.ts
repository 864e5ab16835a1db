import { describe, expect, it } from "vitest";
import { RISK_RULE } from "../review/posture.ts";
import { buildIterationReport, buildScorecard } from "./build.ts";
import {
  emptyKpiReport,
  iterationReport,
  iterationReportWithImpact,
  REQUIREMENTS,
  reportInput,
  scorecardReport,
  scorecardWithExceptions,
} from "./fixtures/reports.ts";
import { md, renderMarkdown, textSparkline } from "./markdown.ts";

const iteration = renderMarkdown(iterationReport());
const scorecard = renderMarkdown(scorecardWithExceptions());

/** Table padding collapsed, so a row can be looked for by its cells. */
function squeeze(markdown: string): string {
  return markdown.replace(/ {2,}/g, " ");
}

/** Cells of a table line, split on pipes that are not escaped. */
function cells(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, "")
    .replace(/(?<!\\)\|$/, "")
    .split(/(?<!\\)\|/);
}

/** Every table as its lines; a table is a run of lines starting with `|`. */
function tables(markdown: string): string[][] {
  const result: string[][] = [];
  let current: string[] = [];
  for (const line of markdown.split("\n")) {
    if (line.startsWith("|")) current.push(line);
    else if (current.length > 0) {
      result.push(current);
      current = [];
    }
  }
  if (current.length > 0) result.push(current);
  return result;
}

describe("renderMarkdown snapshots", () => {
  it("iteration report", async () => {
    await expect(iteration).toMatchFileSnapshot("./__snapshots__/iteration.md");
  });

  it("scorecard with an exception register", async () => {
    await expect(scorecard).toMatchFileSnapshot("./__snapshots__/scorecard.md");
  });

  it("scorecard of a first run without any data", async () => {
    await expect(
      renderMarkdown(buildScorecard(reportInput(undefined, emptyKpiReport()))),
    ).toMatchFileSnapshot("./__snapshots__/scorecard-empty.md");
  });
});

describe.each([
  ["iteration", iteration],
  ["scorecard", scorecard],
  ["scorecard without exception register", renderMarkdown(scorecardReport())],
  ["empty iteration", renderMarkdown(buildIterationReport(reportInput(undefined, emptyKpiReport()), []))],
])("renderMarkdown: %s", (_, markdown) => {
  it("keeps every table row to its header's columns: pipes in text are escaped", () => {
    for (const table of tables(markdown)) {
      const width = cells(table[0] as string).length;
      for (const line of table) expect(cells(line), line).toHaveLength(width);
    }
  });

  it("cannot open raw HTML from the organisation name", () => {
    expect(markdown).not.toMatch(/<script/i);
    expect(markdown).toContain('Acme &lt;script&gt;alert("x")&lt;/script&gt; & Sons\' "Security"');
  });

  it("quotes the risk rule", () => {
    expect(markdown).toContain(`- **Rule**: ${md(RISK_RULE)}`);
  });
});

describe("renderMarkdown: iteration report", () => {
  it("has the iteration report's sections in order", () => {
    const headings = iteration.split("\n").filter((line) => /^#|^\*\*[A-Z][a-z]+ [A-Z]/.test(line));
    expect(headings).toEqual([
      "# Security Metrics — 2026-09",
      "## Incident Response",
      "**Incident Summary**",
      "**Root Causes** (critical and high only)",
      "## Vulnerability Management",
      "## Application Security",
      "## Compliance Status",
      "## Smart Contracts",
      "## Other Metrics Behind the Risk Level",
      "## Security Posture Trend",
      "## Recommendations",
    ]);
    expect(squeeze(iteration)).toContain("| Metric | Current | Target | Trend |");
    expect(squeeze(iteration)).toContain("| Root Cause | Count | Mitigation Status |");
    expect(squeeze(iteration)).toContain(
      "| # | Recommendation | Priority | Rationale | Expected Impact | Owner |",
    );
  });

  it("adds the impact of the recommendations acted on after the recommendations, only when there is one", () => {
    expect(iteration).not.toContain("## Impact of Recommendations Acted On");
    const withImpact = renderMarkdown(iterationReportWithImpact());
    const lines = withImpact.split("\n");
    expect(lines.filter((line) => line.startsWith("## ")).slice(-2)).toEqual([
      "## Recommendations",
      "## Impact of Recommendations Acted On",
    ]);
    const impactTable = tables(withImpact).at(-1) ?? [];
    expect(cells(impactTable[0] ?? "").map((cell) => cell.trim())).toEqual([
      "Recommendation",
      "Acted On",
      "Expected Impact",
      "What Happened",
      "Status",
    ]);
    const row = cells(impactTable[2] ?? "").map((cell) => cell.trim());
    expect(row.slice(1)).toEqual([
      "github issue 12 closed on 2026-07-01",
      iterationReportWithImpact().impact[0]?.expected_impact,
      "Mean time to detect fell from 9 min to 4.2 min after github issue 12 closed on 2026-07-01: below the lower limit 5.5 min in 2 of 2 periods since",
      "verified effective",
    ]);
  });

  it("shows met, missed, no data and stale in words, with the reasons", () => {
    expect(squeeze(iteration)).toContain("| Mean time to respond | 20 min (met) | under 30 min |");
    expect(squeeze(iteration)).toContain("| Mean time to detect | 25 min (**missed**) | under 5 min |");
    expect(squeeze(iteration)).toContain(
      "| Repeat findings | **no data**: no source imported yet: import sarif, trivy, grype, osv-scanner, npm-audit, dependabot, zap, github-code-scanning | 0 | no history |",
    );
    expect(squeeze(iteration)).toContain(
      "| False-positive alert rate | ⚠ **stale**: sources (alerts-csv, alerts-json, ocsf) last reported",
    );
    // The stale current value (17% in 2026-09) is shown nowhere; past periods' values may be.
    expect(iteration).not.toMatch(/False-positive alert rate[^\n]*17%/);
    expect(iteration).not.toContain("2026-09 17%");
  });

  it("shows a worsening trend with its sparkline, gap and evidence", () => {
    expect(squeeze(iteration)).toContain(
      "| ▁▁·▁▁▁█ **worsening**: latest 1500 is above the upper natural process limit 1199 (XmR, 6 periods) |",
    );
  });

  it("says a section without data honestly", () => {
    expect(iteration).toContain(
      "## Application Security\n\n> ⚠ No data imported: no SAST, DAST or dependency scan has been imported yet.",
    );
  });

  it("gives the overall risk level with the trend of every measured metric, as the scorecard does", () => {
    // The fixture's metrics with a current value: worsening mttd, sev1_incidents; improving mttr;
    // stable mtta, incident_count, p0_p1_incidents, incidents_within_sla, false_positive_rate
    // (stale, its value kept), open_high_vulnerabilities, vuln_sla_missed, controls_health;
    // baseline mttrec; too little history alert_to_incident_ratio (two values).
    const trend = "Trend: 2 worsening, 1 improving, 8 stable, 1 baseline set, 1 too little history.";
    expect(iteration).toContain(`- **Overall risk level**: High - ${trend}`);
    expect(scorecard).toContain(`- **Overall risk level**: High - ${trend}`);
  });

  it("shows the compliance status by requirement before the compliance metrics, escaped", () => {
    const section = iteration.slice(
      iteration.indexOf("## Compliance Status"),
      iteration.indexOf("## Other Metrics"),
    );
    // 4 not met, 3 partial (the fixture's hostile one added), 1 not assessed, 2 met.
    expect(section).toContain(
      "**Framework requirements**: 10 requirements: 4 not met, 3 partial, 1 not assessed, 2 met.",
    );
    expect(squeeze(section)).toContain("| Requirement | Status | Open gaps | Target resolution |");
    expect(squeeze(section)).toContain(
      "| NIST-800-53 IA-5(1) | **not met** | 3 (1 failing check, 2 audit findings) | 2026-10-20, audit finding AF-3 |",
    );
    expect(squeeze(section)).toContain(
      "| example.org/rules\\|&lt;b&gt; \\*R\\_1\\* | partial | 0; 2 suppressed failures | 2026-09-15, exception EX-&lt;9&gt; (expired) |",
    );
    expect(section.indexOf("| Requirement")).toBeLessThan(section.indexOf("| Metric"));
  });

  it("says how many requirements a long table leaves out, or why there is none", () => {
    const many = Array.from({ length: 53 }, (_, i) => ({ ...REQUIREMENTS[0]!, requirement: `R-${i}` }));
    const long = renderMarkdown(buildIterationReport({ ...reportInput(), requirements: many }, []));
    expect(long).toContain(
      "_Showing the 50 most urgent of 53 requirements: the 3 less urgent are left out._",
    );
    expect(long).toContain("| NIST-800-53 R-49 |");
    expect(long).not.toContain("| NIST-800-53 R-50 |");
    const none = renderMarkdown(buildIterationReport({ ...reportInput(), requirements: [] }, []));
    expect(none).toContain("## Compliance Status\n\n> ⚠ No check result names a framework requirement");
  });

  it("escapes pipes in root causes and owners", () => {
    expect(squeeze(iteration)).toContain("| IAM \\| misconfiguration | 1 | 1 of 1 recovered |");
    expect(iteration).toContain("_Owner: SOC \\| Detection team_");
  });
});

describe("renderMarkdown: scorecard", () => {
  it("has headline, overall risk and exceptions, then the metrics by category", () => {
    const headings = scorecard.split("\n").filter((line) => /^##? /.test(line));
    expect(headings).toEqual([
      "# Security Scorecard — 2026-09",
      "## Headline",
      "## Overall Risk",
      "## Exceptions",
      "## Metrics by Category",
      "## Recommendations",
    ]);
    expect(squeeze(scorecard)).toContain("| Area | Metric | Value | Target | Status | Trend |");
    expect(squeeze(scorecard)).toContain(
      "| Drift | Shadow assets, Config drift events, Unmonitored contracts | — | — | **no data**: No asset inventory, drift data or monitor configuration imported yet. | |",
    );
  });

  it("lists exceptions, escaped, or the note when there is no register", () => {
    expect(squeeze(scorecard)).toContain(
      "| EXC-12 | Legacy &lt;billing&gt; host keeps TLS 1.0 \\| until migration | Payments | expiring within 30 days | 2026-10-15 |",
    );
    expect(renderMarkdown(scorecardReport())).toContain(
      "## Exceptions\n\n> ⚠ No exception register imported yet.",
    );
  });

  it("gives each category its owner and numbered reasons", () => {
    expect(scorecard).toContain("### Prevention & Controls\n\n**No owner assigned.**");
    expect(scorecard).toContain("### Compliance Signals\n\n_Owner: GRC &lt;Governance&gt;_");
    expect(squeeze(scorecard)).toContain(
      "| False-positive alert rate | — | under 20% | ⚠ **stale** (1) | ▆▃█▁▆▃▃ |",
    );
    expect(scorecard).toContain("(1) no source imported yet: no importer feeds this metric yet");
  });
});

describe("md", () => {
  it.each([
    ["a | b", "a \\| b"],
    ["*bold* _it_ `code`", "\\*bold\\* \\_it\\_ \\`code\\`"],
    ["[link](x)", "\\[link\\](x)"],
    ["<b>", "&lt;b&gt;"],
    ["back\\slash", "back\\\\slash"],
    ["two\nlines", "two lines"],
    ["Detection & Response", "Detection & Response"],
  ])("escapes %j", (input, expected) => {
    expect(md(input)).toBe(expected);
  });
});

describe("textSparkline", () => {
  it.each([
    [[1, 2, 3, 4, 5, 6, 7, 8], "▁▂▃▄▅▆▇█"],
    [[5, null, 5], "▄·▄"],
    [[null, null], ""],
    [[0, 10, null, 10], "▁█·█"],
  ])("draws %j as %j", (values, expected) => {
    expect(textSparkline(values)).toBe(expected);
  });
});
