/**
 * The report as GitHub-flavoured Markdown: the iteration report's sections
 * (incident response, vulnerability management, application security,
 * compliance, posture trend, recommendations), or the scorecard's one page of
 * headline, overall risk and exceptions followed by the metrics by category,
 * or the quarterly review pack (review, monthly trends by category, program,
 * its tables, overall risk, recommendations).
 * Same content as the HTML; charts become block sparklines.
 */
import type { PosturePoint } from "../review/posture.ts";
import type {
  CategoryView,
  ExceptionItem,
  ImpactRow,
  IterationReport,
  MetricRow,
  QuarterlyReport,
  QuarterlyTable,
  QuarterReviewStatus,
  QuarterTrendCategory,
  ReportModel,
  ReportSection,
  RequirementTable,
  ScorecardReport,
  SmartContractsSection,
} from "./model.ts";
import { terminalText } from "./terminal-text.ts";
import {
  EMPTY_ROOT_CAUSES,
  emptyRecommendations,
  formatInstant,
  IMPACT_NOTE,
  IMPACT_TITLE,
  NO_INCIDENT_RECORDS,
  noIncidentRecords,
  omittedRequirements,
  periodRange,
  RECOMMENDATION_STATUS_LABELS,
  requirementCounts,
  STATUS_LABELS,
  trendEvidence,
} from "./wording.ts";

export function renderMarkdown(report: ReportModel): string {
  const blocks = [
    `# ${md(report.title)}`,
    `**Organisation**: ${md(report.organisation)} · **Period**: ${md(report.period.id)} (${md(
      periodRange(report.period, report.timezone),
    )}) · **Generated**: ${md(formatInstant(report.generated_at, report.timezone))}`,
    ...kindBlocks(report),
  ];
  return `${blocks.join("\n\n")}\n`;
}

function kindBlocks(report: ReportModel): string[] {
  if (report.kind === "iteration") return iterationBlocks(report);
  return report.kind === "scorecard" ? scorecardBlocks(report) : quarterlyBlocks(report);
}

// ---------------------------------------------------------------- iteration

function iterationBlocks(report: IterationReport): string[] {
  const ir = report.incident_response;
  const s = ir.summary;
  const noRecords = noIncidentRecords(report);
  const summary = noRecords
    ? [`- ${NO_INCIDENT_RECORDS}`]
    : [
        `- Total incidents this period: ${s.total} production${
          s.drills > 0 ? ` (plus ${s.drills} drill${s.drills === 1 ? "" : "s"}, reported apart)` : ""
        }.`,
        `- Critical (required immediate response): ${s.critical}; high: ${s.high}.`,
        `- Fully resolved: ${s.resolved}; still open: ${s.open}.`,
      ];
  const causes =
    ir.root_causes.length === 0
      ? [["none", "0", EMPTY_ROOT_CAUSES]]
      : ir.root_causes.map((c) => [c.root_cause, String(c.count), c.mitigation_status]);
  return [
    `## ${md(ir.title)}`,
    ...metricSection(ir),
    ["**Incident Summary**", "", ...summary].join("\n"),
    "**Root Causes** (critical and high only)",
    noRecords ? NO_INCIDENT_RECORDS : table(["Root Cause", "Count", "Mitigation Status"], causes),
    ...[report.vulnerability_management, report.application_security].flatMap((section) => [
      `## ${md(section.title)}`,
      ...metricSection(section),
    ]),
    `## ${md(report.compliance.title)}`,
    ...requirementBlocks(report.compliance.requirements),
    ...metricSection(report.compliance),
    ...(report.smart_contracts === null ? [] : smartContractBlocks(report.smart_contracts)),
    ...(report.other_risk_metrics.rows.length === 0
      ? []
      : [`## ${md(report.other_risk_metrics.title)}`, ...metricSection(report.other_risk_metrics)]),
    "## Security Posture Trend",
    postureList(report.posture, report.posture.summary),
    ...postureHistory(report.posture.history),
    "## Recommendations",
    recommendationTable(report),
    ...impactBlocks(report.impact),
  ];
}

/** What each recommendation acted on expected, beside what happened; nothing when none was acted on. */
function impactBlocks(rows: readonly ImpactRow[]): string[] {
  if (rows.length === 0) return [];
  return [
    `## ${IMPACT_TITLE}`,
    md(IMPACT_NOTE),
    table(
      ["Recommendation", "Acted On", "Expected Impact", "What Happened", "Status"],
      rows.map((r) => [
        r.title,
        r.acted_on,
        r.expected_impact,
        r.what_happened,
        RECOMMENDATION_STATUS_LABELS[r.status],
      ]),
    ),
  ];
}

/** The framework requirements, the most urgent first, and how many the cap left out. */
function requirementBlocks(requirements: RequirementTable): string[] {
  if (requirements.note !== null) return [`> ⚠ ${md(requirements.note)}`];
  const rows = requirements.rows.map((row) => [
    row.label,
    new Raw(row.status === "not_met" ? `**${md(row.status_label)}**` : md(row.status_label)),
    row.gaps_text,
    row.target_text,
  ]);
  return [
    `**Framework requirements**: ${md(requirementCounts(requirements))}.`,
    table(["Requirement", "Status", "Open gaps", "Target resolution"], rows),
    ...(requirements.omitted > 0 ? [`_${md(omittedRequirements(requirements))}_`] : []),
  ];
}

/** The registry's metrics, the contracts new in the period and the collisions at its end, each table capped. */
function smartContractBlocks(section: SmartContractsSection): string[] {
  const { new_deployments: added, collisions } = section;
  const omitted = (text: string | null) => (text === null ? [] : [`_${md(text)}_`]);
  return [
    `## ${md(section.title)}`,
    `**Deployments registry**: ${md(section.summary)}.`,
    ...metricSection(section),
    "**New deployments**",
    added.total === 0
      ? "No contract new in the period."
      : table(
          ["Chain", "Name", "Address", "Deployed at"],
          added.rows.map((row) => [String(row.chain_id), row.name ?? "—", row.address, row.deployed_text]),
        ),
    ...omitted(added.omitted_text),
    "**Interface collisions**",
    collisions.total === 0
      ? "No collision among the registry's ABIs."
      : table(
          ["Kind", "Selector, topic or name", "Signatures", "Contracts"],
          collisions.rows.map((row) => [
            row.rule_label,
            row.key,
            row.members.map((member) => member.signature).join("; "),
            row.members.map((member) => member.contracts.join(", ")).join("; "),
          ]),
        ),
    ...omitted(collisions.omitted_text),
  ];
}

function metricSection(section: ReportSection): string[] {
  if (section.note !== null) return [notice(section.note, section.rows)];
  const owners = new Set(section.rows.map((row) => row.owner));
  const shared = owners.size === 1 ? section.rows[0]?.owner : undefined;
  const rows = section.rows.map((row) => [
    shared === undefined ? `${row.name} (${ownerText(row.owner)})` : row.name,
    current(row),
    row.target,
    trendText(row),
  ]);
  return [
    ...(shared === undefined ? [] : [ownerLine(shared)]),
    table(["Metric", "Current", "Target", "Trend"], rows),
  ];
}

function notice(note: string, rows: readonly MetricRow[]): string {
  const names = rows.map((row) => row.name).join(", ");
  return [`> ⚠ ${md(note)}`, ...(names ? [">", `> Not measured this period: ${md(names)}.`] : [])].join("\n");
}

/** Already-escaped Markdown, passed through `table` as is. */
class Raw {
  constructor(readonly text: string) {}
}

/** A stale value is not shown as a figure: it may be an empty feed's zero, not a good result. */
function shownValue(row: MetricRow): string {
  return row.value === null || row.status === "stale" ? "—" : row.current;
}

function current(row: MetricRow): Raw {
  const value = md(row.current);
  switch (row.status) {
    case "met":
      return new Raw(`${value} (met)`);
    case "missed":
      return new Raw(`${value} (**missed**)`);
    case "no_target":
      return new Raw(`${value}`);
    case "stale":
      return new Raw(`⚠ **stale**${row.reason ? `: ${md(staleReason(row.reason))}` : ""}`);
    case "no_data":
      return new Raw(`**no data**${row.reason ? `: ${md(row.reason)}` : ""}`);
  }
}

const BLOCKS = "▁▂▃▄▅▆▇█";

/** Block-character sparkline; a period without a value is a dot. */
export function textSparkline(values: readonly (number | null)[]): string {
  const known = values.flatMap((v) => (v === null ? [] : [v]));
  if (known.length === 0) return "";
  const lo = Math.min(...known);
  const hi = Math.max(...known);
  return values
    .map((v) => {
      if (v === null) return "·";
      const level = hi === lo ? 3 : Math.round(((v - lo) / (hi - lo)) * (BLOCKS.length - 1));
      return BLOCKS[level];
    })
    .join("");
}

function trendText(row: MetricRow): Raw {
  const spark = textSparkline(row.series.map((p) => p.value));
  if (spark === "") return new Raw("no history");
  const label =
    row.trend === "worsening" || row.trend === "improving"
      ? `**${md(row.trend_label)}**`
      : md(row.trend_label);
  const evidence = row.value === null ? null : trendEvidence(row);
  return new Raw(`${spark} ${label}${evidence ? `: ${md(evidence)}` : ""}`);
}

/** The reason without the "stale:" it starts with, which the label beside it already says. */
function staleReason(reason: string): string {
  return reason.replace(/^stale:\s*/i, "");
}

function ownerText(owner: string | null): string {
  return owner === null ? "no owner assigned" : `owner: ${owner}`;
}

function ownerLine(owner: string | null): string {
  return owner === null ? "**No owner assigned.**" : `_Owner: ${md(owner)}_`;
}

function postureList(
  assessment: ReportModel["posture"],
  summary: string | null,
  maxReasons = Number.POSITIVE_INFINITY,
): string {
  const lines = [`- **Overall risk level**: ${md(assessment.level)} - Trend: ${md(assessment.trend.text)}.`];
  if (summary) lines.push(`- **Summary**: ${md(summary)}`);
  // The iteration summary already quotes the first four reasons (build.ts); list them all only when it cut some.
  if (!summary || assessment.reasons.length > 4) {
    const shown = assessment.reasons.slice(0, maxReasons);
    const more = assessment.reasons.length - shown.length;
    lines.push(summary ? `- **All ${assessment.reasons.length} reasons**:` : "- **Set by**:");
    for (const reason of shown) lines.push(`  - ${md(reason)}`);
    if (more > 0) lines.push(`  - and ${more} more (see the recommendations)`);
  }
  lines.push(`- **Rule**: ${md(assessment.rule)}`);
  return lines.join("\n");
}

/** The overall risk and the met, missed and worsening counts of each period shown, with sparklines of the counts. */
function postureHistory(points: readonly PosturePoint[]): string[] {
  // A first run has no trend to show: every period is Unknown with nothing counted.
  if (points.every((p) => p.level === "Unknown")) return [];
  const spark = (count: (point: PosturePoint) => number) => textSparkline(points.map(count));
  return [
    table(
      ["Period", "Overall risk", "Met", "Missed", "Worsening"],
      points.map((p) => [p.period, p.level, String(p.met), String(p.missed), String(p.worsening)]),
      [2, 3, 4],
    ),
    `Met ${spark((p) => p.met)} · missed ${spark((p) => p.missed)} · worsening ${spark((p) => p.worsening)} (oldest first)`,
  ];
}

/**
 * Ranked recommendations; each rationale names its records and ends with a
 * note number, and the notes under the table give the statistics behind it.
 */
function recommendationTable(report: ReportModel): string {
  const { recommendations } = report;
  if (recommendations.length === 0) return md(emptyRecommendations(report));
  const rows = recommendations.map((r, index) => {
    const more = r.records_total - r.records.length;
    const records =
      r.records.length === 0
        ? ""
        : ` Records (${r.records_total}): ${r.records.map((record) => `${record.label}${record.detail ? ` (${record.detail})` : ""}`).join("; ")}${more > 0 ? `; and ${more} more` : ""}.`;
    return [
      String(index + 1),
      r.title,
      r.priority,
      new Raw(`${md(`${r.rationale}${records}`)} [${index + 1}]`),
      r.expected_impact,
      r.owner ?? "unassigned",
    ];
  });
  const notes = recommendations.map((r, index) => `[${index + 1}] ${md(`${r.metric_id}: ${r.statistics}`)}`);
  return [
    table(["#", "Recommendation", "Priority", "Rationale", "Expected Impact", "Owner"], rows, [0]),
    notes.join("  \n"),
  ].join("\n\n");
}

// ---------------------------------------------------------------- scorecard

function scorecardBlocks(report: ScorecardReport): string[] {
  return [
    "## Headline",
    table(
      ["Area", "Metric", "Value", "Target", "Status", "Trend"],
      report.headline.flatMap((section) =>
        section.note !== null
          ? [
              [
                section.title,
                section.rows.map((row) => row.name).join(", "),
                "—",
                "—",
                new Raw(`**no data**: ${md(section.note)}`),
                "",
              ],
            ]
          : section.rows.map((row) => [
              section.title,
              row.name,
              shownValue(row),
              row.target,
              statusText(row, row.reason),
              shownValue(row) === "—"
                ? textSparkline(row.series.map((p) => p.value))
                : `${textSparkline(row.series.map((p) => p.value))} ${row.trend_label}`.trim(),
            ]),
      ),
      [2],
    ),
    "## Overall Risk",
    postureList(report.posture, null, 4),
    ...postureHistory(report.posture.history),
    "## Exceptions",
    ...exceptionBlocks(report.exceptions),
    "## Metrics by Category",
    ...report.categories.flatMap(category),
    "## Recommendations",
    recommendationTable(report),
  ];
}

function statusText(row: Pick<MetricRow, "status">, reason: string | null): Raw {
  const label = md(STATUS_LABELS[row.status]);
  switch (row.status) {
    case "missed":
      return new Raw(`**${label}**`);
    case "no_data":
      return new Raw(`**${label}**${reason ? `: ${md(reason)}` : ""}`);
    case "stale":
      return new Raw(`⚠ **${label}**${reason ? `: ${md(staleReason(reason))}` : ""}`);
    default:
      return new Raw(label);
  }
}

const EXCEPTION_STATES: Record<ExceptionItem["state"], string> = {
  active: "active",
  expiring: "expiring within 30 days",
  expired: "**expired**",
};

function exceptionBlocks(exceptions: ScorecardReport["exceptions"]): string[] {
  const note = exceptions.note ? [`> ⚠ ${md(exceptions.note)}`] : [];
  if (exceptions.items.length === 0) return note.length > 0 ? note : ["No active exceptions."];
  return [
    ...note,
    table(
      ["ID", "Exception", "Owner", "State", "Expires"],
      exceptions.items.map((item) => [
        item.id,
        item.title,
        item.owner ?? "unassigned",
        new Raw(EXCEPTION_STATES[item.state]),
        item.expires_at.slice(0, 10),
      ]),
    ),
  ];
}

/** One metric category with its owner; reasons for no-data and stale become numbered notes under the table. */
function category(view: CategoryView): string[] {
  const notes: string[] = [];
  const rows = view.rows.map((row) => {
    let status = statusText(row, null);
    if (row.reason && (row.status === "stale" || row.status === "no_data")) {
      let index = notes.indexOf(row.reason);
      if (index < 0) index = notes.push(row.reason) - 1;
      status = new Raw(`${status.text} (${index + 1})`);
    }
    const spark = textSparkline(row.series.map((p) => p.value));
    return [
      row.name,
      shownValue(row),
      row.target,
      status,
      shownValue(row) === "—" ? spark : `${spark} ${row.trend_label}`,
    ];
  });
  return [
    `### ${md(view.name)}`,
    ownerLine(view.owner),
    table(["Metric", "Value", "Target", "Status", "Trend"], rows, [1]),
    ...(notes.length > 0 ? [notes.map((note, i) => `(${i + 1}) ${md(note)}`).join("  \n")] : []),
  ];
}

// ---------------------------------------------------------------- quarterly

function quarterlyBlocks(report: QuarterlyReport): string[] {
  return [
    "## Quarterly Review",
    reviewBlock(report.review),
    "## Trends by Category",
    ...(report.trends.length === 0
      ? [`> ⚠ ${md("No metric has a value in the quarter's months.")}`]
      : report.trends.flatMap((category) => quarterTrendBlocks(category, report.months))),
    `## ${md(report.program.title)}`,
    ...metricSection(report.program),
    ...report.sections.flatMap(quarterlyTable),
    "## Overall Risk",
    postureList(report.posture, null, 4),
    "## Recommendations",
    recommendationTable(report),
  ];
}

function reviewBlock(review: QuarterReviewStatus): string {
  const lines = [review.missing ? `> ⚠ **${md(review.summary)}**` : md(review.summary)];
  for (const { reviewed_by, decisions } of review.reviews) {
    lines.push(
      "",
      `Decisions of ${md(reviewed_by)}:`,
      "",
      ...decisions.map((decision) => `- ${md(decision)}`),
    );
  }
  return lines.join("\n");
}

function quarterTrendBlocks(category: QuarterTrendCategory, months: readonly string[]): string[] {
  const rows = category.rows.map((row) => [
    row.owner === category.owner ? row.name : `${row.name} (${ownerText(row.owner)})`,
    ...row.months,
    row.target,
    statusText(row, null),
    row.trend === "worsening" || row.trend === "improving"
      ? new Raw(`**${md(row.trend_label)}**`)
      : row.trend_label,
  ]);
  return [
    `### ${md(category.name)}`,
    ownerLine(category.owner),
    table(
      ["Metric", ...months, "Target", "Status", "Trend"],
      rows,
      months.map((_, i) => i + 1),
    ),
  ];
}

function quarterlyTable(section: QuarterlyTable): string[] {
  return [
    `## ${md(section.title)}`,
    `_${md(section.definition)}_`,
    section.rows.length === 0 ? md(section.empty) : table(section.columns, section.rows),
  ];
}

// ---------------------------------------------------------------- markdown

/**
 * A GFM table with its columns padded the way Biome formats Markdown, so the
 * raw text reads as a table too; `right` lists the columns to right-align.
 */
function table(
  header: readonly string[],
  rows: readonly (readonly (string | Raw)[])[],
  right: readonly number[] = [],
): string {
  const text = [header, ...rows].map((cells) =>
    cells.map((value) => (value instanceof Raw ? value.text : md(value))),
  );
  const widths = header.map((_, i) => Math.max(3, ...text.map((cells) => codePoints(cells[i] ?? ""))));
  const pad = (value: string, i: number) => {
    const fill = " ".repeat((widths[i] ?? 0) - codePoints(value));
    return right.includes(i) ? fill + value : value + fill;
  };
  const line = (cells: readonly string[]) => `| ${cells.map(pad).join(" | ")} |`;
  const rule = `| ${widths.map((width, i) => (right.includes(i) ? `${"-".repeat(width - 1)}:` : "-".repeat(width))).join(" | ")} |`;
  const [head = [], ...body] = text;
  return [line(head), rule, ...body.map(line)].join("\n");
}

function codePoints(text: string): number {
  return [...text].length;
}

const MD_ESCAPES: Record<string, string> = {
  "\\": "\\\\",
  "|": "\\|",
  "*": "\\*",
  _: "\\_",
  "`": "\\`",
  "[": "\\[",
  "]": "\\]",
  "<": "&lt;",
  ">": "&gt;",
};

/**
 * User text inline in Markdown: pipes cannot end a table cell, emphasis and
 * link syntax stay literal, and angle brackets cannot open raw HTML (GitHub
 * strips scripts, but other renderers do not). Line breaks become spaces,
 * and other control characters visible, as on the terminal the report is
 * often printed to (`terminalText`).
 */
export function md(text: string): string {
  const escaped = text.replace(/\r?\n/g, " ").replace(/[\\|*_`[\]<>]/g, (char) => MD_ESCAPES[char] ?? char);
  return terminalText(escaped);
}

/** The same padded GFM table for other Markdown outputs (the maturity roadmap). */
export { table as markdownTable };
