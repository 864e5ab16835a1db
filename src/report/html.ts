/**
 * The report as one self-contained HTML5 document: inline CSS and SVG, no
 * script, no external request (a CSP meta tag enforces it, so even a missed
 * escape cannot run code), printable on A4. The scorecard's first page holds
 * the headline figures, the overall risk and the exception list; the category
 * view and the recommendations follow on the next pages. The quarterly
 * report renders its tables, whatever their builders put in them, alike.
 */
import type { Recommendation } from "../review/recommendation.ts";
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
import { postureChartSvg } from "./posture-chart.ts";
import { escapeHtml, rowSparklineSvg, targetFromRow, trendChartSvg } from "./svg-chart.ts";
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

export { escapeHtml } from "./svg-chart.ts";

export function renderHtml(report: ReportModel): string {
  const body =
    report.kind === "iteration"
      ? iterationBody(report)
      : report.kind === "scorecard"
        ? scorecardBody(report)
        : quarterlyBody(report);
  return [
    "<!DOCTYPE html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="secmetrics">',
    `<title>${escapeHtml(`${report.title} · ${report.organisation}`)}</title>`,
    `<style>${CSS}</style>`,
    "</head>",
    `<body class="report report-${report.kind}">`,
    '<main class="sheet">',
    masthead(report),
    body,
    "</main>",
    "</body>",
    "</html>",
    "",
  ].join("\n");
}

function masthead(report: ReportModel): string {
  const level = report.posture.level;
  return `<header class="masthead">
<div class="masthead-text">
<p class="organisation">${escapeHtml(report.organisation)}</p>
<h1>${escapeHtml(report.title)}</h1>
<p class="meta"><span><b>Period</b> ${escapeHtml(report.period.id)} · ${escapeHtml(periodRange(report.period, report.timezone))}</span> <span><b>Generated</b> ${escapeHtml(formatInstant(report.generated_at, report.timezone))}</span></p>
</div>
<div class="risk-pill risk-${level.toLowerCase()}"><span>Overall risk</span><strong>${escapeHtml(level)}</strong></div>
</header>`;
}

// ---------------------------------------------------------------- iteration

function iterationBody(report: IterationReport): string {
  const ir = report.incident_response;
  return [
    `<section class="block"><h2>${escapeHtml(ir.title)}</h2>`,
    metricTable(ir),
    incidentSummary(report),
    rootCauses(report),
    "</section>",
    ...[report.vulnerability_management, report.application_security].map(
      (section) =>
        `<section class="block"><h2>${escapeHtml(section.title)}</h2>${metricTable(section)}</section>`,
    ),
    `<section class="block"><h2>${escapeHtml(report.compliance.title)}</h2>${requirementTable(
      report.compliance.requirements,
    )}${metricTable(report.compliance)}</section>`,
    ...(report.smart_contracts === null ? [] : [smartContracts(report.smart_contracts)]),
    ...(report.other_risk_metrics.rows.length === 0
      ? []
      : [
          `<section class="block"><h2>${escapeHtml(report.other_risk_metrics.title)}</h2>${metricTable(report.other_risk_metrics)}</section>`,
        ]),
    `<section class="block posture-block"><h2>Security Posture Trend</h2>${posture(
      report.posture,
      report.posture.summary,
    )}</section>`,
    `<section class="block"><h2>Recommendations</h2>${recommendationTable(report)}</section>`,
    ...impactSection(report.impact),
  ].join("\n");
}

/** What each recommendation acted on expected, beside what happened; nothing when none was acted on. */
function impactSection(rows: readonly ImpactRow[]): string[] {
  if (rows.length === 0) return [];
  const body = rows.map(
    (r) => `<tr>
<td class="rec-title">${escapeHtml(r.title)}</td>
<td>${escapeHtml(r.acted_on)}</td>
<td>${escapeHtml(r.expected_impact)}</td>
<td>${escapeHtml(r.what_happened)}</td>
<td><span class="status status-${r.status}">${escapeHtml(RECOMMENDATION_STATUS_LABELS[r.status])}</span></td>
</tr>`,
  );
  return [
    `<section class="block"><h2>${escapeHtml(IMPACT_TITLE)}</h2><p>${escapeHtml(IMPACT_NOTE)}</p>
<table class="plain recommendations">
<thead><tr><th scope="col">Recommendation</th><th scope="col">Acted On</th><th scope="col">Expected Impact</th><th scope="col">What Happened</th><th scope="col">Status</th></tr></thead>
<tbody>
${body.join("\n")}
</tbody>
</table></section>`,
  ];
}

/** The framework requirements, the most urgent first, and how many the cap left out. */
function requirementTable(requirements: RequirementTable): string {
  if (requirements.note !== null)
    return `<div class="notice"><span class="status status-no_data">No data</span> <span>${escapeHtml(requirements.note)}</span></div>`;
  const rows = requirements.rows.map(
    (row) => `<tr class="requirement-${row.status}">
<th scope="row" class="mono">${escapeHtml(row.label)}</th>
<td><span class="status requirement-status-${row.status}">${escapeHtml(row.status_label)}</span></td>
<td>${escapeHtml(row.gaps_text)}</td>
<td${row.target_resolution?.overdue ? ' class="overdue"' : ""}>${escapeHtml(row.target_text)}</td>
</tr>`,
  );
  return `<p class="requirement-counts"><b>Framework requirements</b>: ${escapeHtml(requirementCounts(requirements))}.</p>
<table class="plain requirements">
<thead><tr><th scope="col">Requirement</th><th scope="col">Status</th><th scope="col">Open gaps</th><th scope="col">Target resolution</th></tr></thead>
<tbody>
${rows.join("\n")}
</tbody>
</table>${requirements.omitted > 0 ? `<p class="evidence">${escapeHtml(omittedRequirements(requirements))}</p>` : ""}`;
}

/** The registry's metrics, the contracts new in the period and the collisions at its end, each table capped. */
function smartContracts(section: SmartContractsSection): string {
  const { new_deployments: added, collisions } = section;
  const omitted = (text: string | null) =>
    text === null ? "" : `<p class="evidence">${escapeHtml(text)}</p>`;
  const head = (headers: string[]) =>
    `<thead><tr>${headers.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join("")}</tr></thead>`;
  const addedTable =
    added.total === 0
      ? "<p>No contract new in the period.</p>"
      : `<table class="plain">${head(["Chain", "Name", "Address", "Deployed at"])}<tbody>
${added.rows
  .map(
    (row) =>
      `<tr><td>${row.chain_id}</td><td>${escapeHtml(row.name ?? "—")}</td><td class="mono">${escapeHtml(row.address)}</td><td>${escapeHtml(row.deployed_text)}</td></tr>`,
  )
  .join("\n")}
</tbody></table>${omitted(added.omitted_text)}`;
  const collisionTable =
    collisions.total === 0
      ? "<p>No collision among the registry's ABIs.</p>"
      : `<table class="plain">${head(["Kind", "Selector, topic or name", "Signatures and the contracts declaring them"])}<tbody>
${collisions.rows
  .map(
    (row) =>
      `<tr><td>${escapeHtml(row.rule_label)}</td><td class="mono">${escapeHtml(row.key)}</td><td><ul>${row.members
        .map(
          (member) =>
            `<li><span class="mono">${escapeHtml(member.signature)}</span>: ${escapeHtml(member.contracts.join(", "))}</li>`,
        )
        .join("")}</ul></td></tr>`,
  )
  .join("\n")}
</tbody></table>${omitted(collisions.omitted_text)}`;
  return `<section class="block"><h2>${escapeHtml(section.title)}</h2><p><b>Deployments registry</b>: ${escapeHtml(section.summary)}.</p>${metricTable(section)}<h3>New deployments</h3>${addedTable}<h3>Interface collisions</h3>${collisionTable}</section>`;
}

function metricTable(section: ReportSection): string {
  if (section.note !== null) return notice(section.note, section.rows);
  const rows = section.rows.map((row) => {
    return `<tr class="row-${row.status}">
<th scope="row"><span class="metric-name">${escapeHtml(row.name)}</span>${ownerLine(row.owner)}</th>
<td class="current">${currentCell(row)}</td>
<td class="target">${escapeHtml(row.target)}</td>
<td class="trend-cell">${trendCell(row)}</td>
</tr>`;
  });
  return `<table class="metrics">
<thead><tr><th scope="col">Metric</th><th scope="col">Current</th><th scope="col">Target</th><th scope="col">Trend</th></tr></thead>
<tbody>
${rows.join("\n")}
</tbody>
</table>`;
}

/** A section without data says so loudly, and names what it would have measured. */
function notice(note: string, rows: readonly MetricRow[]): string {
  const names = rows.map((row) => escapeHtml(row.name)).join(", ");
  return `<div class="notice"><span class="status status-no_data">No data</span> <span>${escapeHtml(note)}</span>${
    names ? `<p class="notice-metrics">Not measured this period: ${names}.</p>` : ""
  }</div>`;
}

/** A chart when there is history to draw; a period without any value gets a line of text, not an empty frame. */
function trendCell(row: MetricRow): string {
  if (row.series.every((point) => point.value === null)) {
    return `<span class="trend trend-insufficient_data">no history</span><p class="evidence">No value in any of the ${row.series.length} periods shown.</p>`;
  }
  const evidence = row.value === null ? null : trendEvidence(row);
  return `${trendLabel(row)}${trendChartSvg(row, { width: 300, height: 104, target: targetFromRow(row) })}${
    evidence ? `<p class="evidence">${escapeHtml(evidence)}</p>` : ""
  }`;
}

function currentCell(row: MetricRow): string {
  const shown = hasCurrentValue(row);
  const value = shown ? `<span class="value">${escapeHtml(row.current)}</span>` : "";
  const n = shown && row.n !== null ? `<span class="n">n = ${row.n}</span>` : "";
  const reason =
    row.reason && (row.status === "stale" || row.status === "no_data")
      ? `<p class="reason">${escapeHtml(row.reason)}</p>`
      : "";
  return `${value}${statusBadge(row)}${n}${reason}`;
}

/** A stale value is not shown as a figure: it may be an empty feed's zero, not a good result. */
function hasCurrentValue(row: MetricRow): boolean {
  return row.value !== null && row.status !== "stale";
}

function statusBadge(row: Pick<MetricRow, "status">, mark = ""): string {
  return `<span class="status status-${row.status}">${escapeHtml(STATUS_LABELS[row.status])}${mark}</span>`;
}

function trendLabel(row: MetricRow): string {
  return `<span class="trend trend-${row.trend}">${escapeHtml(row.trend_label)}</span>`;
}

function ownerLine(owner: string | null): string {
  return owner === null
    ? '<span class="owner owner-missing">No owner assigned</span>'
    : `<span class="owner">Owner: ${escapeHtml(owner)}</span>`;
}

function incidentSummary(report: IterationReport): string {
  const s = report.incident_response.summary;
  const items = noIncidentRecords(report)
    ? [escapeHtml(NO_INCIDENT_RECORDS)]
    : [
        `Total incidents this period: <b>${s.total}</b> production${
          s.drills > 0 ? ` (plus ${s.drills} drill${s.drills === 1 ? "" : "s"}, reported apart)` : ""
        }.`,
        `Critical (required immediate response): <b>${s.critical}</b>; high: <b>${s.high}</b>.`,
        `Fully resolved: <b>${s.resolved}</b>; still open: <b>${s.open}</b>.`,
      ];
  return `<h3>Incident Summary</h3><ul class="summary">${items.map((item) => `<li>${item}</li>`).join("")}</ul>`;
}

function rootCauses(report: IterationReport): string {
  const causes = report.incident_response.root_causes;
  const heading = '<h3>Root Causes <span class="qualifier">(critical and high only)</span></h3>';
  if (noIncidentRecords(report)) return `${heading}<p class="empty">${escapeHtml(NO_INCIDENT_RECORDS)}</p>`;
  const rows =
    causes.length === 0
      ? `<tr><td>none</td><td class="num">0</td><td>${escapeHtml(EMPTY_ROOT_CAUSES)}</td></tr>`
      : causes
          .map(
            (cause) =>
              `<tr><td>${escapeHtml(cause.root_cause)}</td><td class="num">${cause.count}</td><td>${escapeHtml(cause.mitigation_status)}</td></tr>`,
          )
          .join("\n");
  return `${heading}
<table class="plain"><thead><tr><th scope="col">Root Cause</th><th scope="col" class="num">Count</th><th scope="col">Mitigation Status</th></tr></thead>
<tbody>${rows}</tbody></table>`;
}

/** How many reasons the iteration report's posture summary quotes (build.ts). */
const SUMMARY_REASONS = 4;

function posture(
  assessment: ReportModel["posture"],
  summary: string | null,
  maxReasons = Number.POSITIVE_INFINITY,
): string {
  const level = assessment.level;
  const shown = assessment.reasons.slice(0, maxReasons);
  const more = assessment.reasons.length - shown.length;
  // The iteration summary already quotes the first four reasons; list them all only when it cut some.
  const list =
    summary && assessment.reasons.length <= SUMMARY_REASONS
      ? ""
      : `<p class="because">${summary ? `All ${assessment.reasons.length} reasons` : "Set by"}:</p>
<ul class="reasons">${shown.map((reason) => `<li>${escapeHtml(reason)}</li>`).join("")}${
          more > 0 ? `<li class="more">and ${more} more (see the recommendations)</li>` : ""
        }</ul>`;
  return `<div class="posture risk-${level.toLowerCase()}">
<div class="risk-badge"><span>Overall risk level</span><strong>${escapeHtml(level)}</strong></div>
<div class="posture-text">
<p><b>Overall risk level</b>: ${escapeHtml(level)} — Trend: ${escapeHtml(assessment.trend.text)}.</p>
${summary ? `<p><b>Summary</b>: ${escapeHtml(summary)}</p>` : ""}
${list}
<p class="rule"><b>Rule</b>: ${escapeHtml(assessment.rule)}</p>
${postureFigure(assessment.history)}
</div>
</div>`;
}

/** The posture trend chart; none on a first run, where every period is Unknown with nothing counted. */
function postureFigure(history: ReportModel["posture"]["history"]): string {
  if (history.every((point) => point.level === "Unknown")) return "";
  return `<figure class="posture-history">${postureChartSvg(history)}<figcaption>Overall risk, and how many metrics met or missed their target or were worsening, in each period shown.</figcaption></figure>`;
}

function recommendationTable(report: ReportModel): string {
  const { recommendations } = report;
  if (recommendations.length === 0) return `<p class="empty">${escapeHtml(emptyRecommendations(report))}</p>`;
  const rows = recommendations.map(
    (r) => `<tr>
<td class="rec-title">${escapeHtml(r.title)}<span class="rec-category">${escapeHtml(r.category)}</span></td>
<td><span class="priority priority-${r.priority.toLowerCase()}">${escapeHtml(r.priority)}</span></td>
<td class="rationale">${escapeHtml(r.rationale)}${recordList(r)}<details class="statistics"><summary>Statistics</summary>${escapeHtml(r.statistics)}</details></td>
<td>${escapeHtml(r.expected_impact)}</td>
<td>${r.owner === null ? '<span class="owner-missing">unassigned</span>' : escapeHtml(r.owner)}</td>
</tr>`,
  );
  return `<table class="plain recommendations">
<thead><tr><th scope="col">Recommendation</th><th scope="col">Priority</th><th scope="col">Rationale</th><th scope="col">Expected Impact</th><th scope="col">Owner</th></tr></thead>
<tbody>
${rows.join("\n")}
</tbody>
</table>`;
}

/** The records a recommendation acts on, and how many more there are. */
export function recordList(r: Recommendation): string {
  if (r.records.length === 0) return "";
  const more = r.records_total - r.records.length;
  const items = r.records.map(
    (record) =>
      `<li><b>${escapeHtml(record.label)}</b>${record.detail ? ` — ${escapeHtml(record.detail)}` : ""}</li>`,
  );
  return `<ul class="records">${items.join("")}${more > 0 ? `<li class="more">and ${more} more</li>` : ""}</ul>`;
}

// ---------------------------------------------------------------- scorecard

function scorecardBody(report: ScorecardReport): string {
  return [
    '<section class="headline" aria-label="Headline figures">',
    report.headline.map(tile).join("\n"),
    "</section>",
    `<section class="block compact posture-block"><h2>Overall Risk</h2>${posture(
      report.posture,
      null,
      4,
    )}</section>`,
    `<section class="block compact"><h2>Exceptions</h2>${exceptionList(report.exceptions)}</section>`,
    '<section class="block categories page-break"><h2>Metrics by Category</h2><div class="category-columns">',
    report.categories.map(category).join("\n"),
    "</div></section>",
    `<section class="block"><h2>Recommendations</h2>${recommendationTable(report)}</section>`,
  ].join("\n");
}

const STATUS_WEIGHT: Record<MetricRow["status"], number> = {
  missed: 4,
  stale: 3,
  no_data: 2,
  met: 1,
  no_target: 0,
};

/** A headline tile takes the colour of its worst figure; the tile with the most figures spans two rows. */
function tile(section: ReportSection, index: number, sections: readonly ReportSection[]): string {
  const worst = section.rows.reduce<MetricRow["status"]>(
    (acc, row) => (STATUS_WEIGHT[row.status] > STATUS_WEIGHT[acc] ? row.status : acc),
    section.rows.length === 0 ? "no_data" : "no_target",
  );
  const body =
    section.note !== null
      ? `<div class="tile-empty"><span class="status status-no_data">No data</span><p>${escapeHtml(section.note)}</p><p class="tile-metrics">${section.rows
          .map((row) => escapeHtml(row.name))
          .join(" · ")}</p></div>`
      : section.rows.map(tileFigure).join("");
  const most = Math.max(...sections.map((other) => other.rows.length));
  const tall = most >= 3 && sections.findIndex((other) => other.rows.length === most) === index;
  return `<article class="tile tile-${worst}${tall ? " tile-tall" : ""}"><h2>${escapeHtml(section.title)}</h2>${body}</article>`;
}

function tileFigure(row: MetricRow): string {
  const value = hasCurrentValue(row)
    ? `<span class="kpi-value">${escapeHtml(row.current)}</span>`
    : `<span class="kpi-value kpi-missing">${escapeHtml(STATUS_LABELS[row.status])}</span>`;
  const reason =
    row.reason && (row.status === "stale" || row.status === "no_data")
      ? `<p class="reason">${escapeHtml(row.reason)}</p>`
      : "";
  return `<div class="kpi">
<div class="kpi-name">${escapeHtml(row.name)}</div>
<div class="kpi-main">${value}${rowSparklineSvg(row, { width: 64, height: 18 })}</div>
<div class="kpi-meta">${statusBadge(row)} <span class="kpi-target">${escapeHtml(targetText(row))}</span> ${trendLabel(row)}</div>
${reason}</div>`;
}

function targetText(row: MetricRow): string {
  return targetFromRow(row) === null && row.target === "no target" ? row.target : `target ${row.target}`;
}

const EXCEPTION_STATES: Record<ExceptionItem["state"], string> = {
  active: "active",
  expiring: "expiring within 30 days",
  expired: "expired",
};

function exceptionList(exceptions: ScorecardReport["exceptions"]): string {
  const note = exceptions.note
    ? `<div class="notice"><span class="status status-no_data">No data</span> <span>${escapeHtml(exceptions.note)}</span></div>`
    : "";
  if (exceptions.items.length === 0) {
    return note || '<p class="empty">No active exceptions.</p>';
  }
  const rows = exceptions.items.map(
    (item) => `<tr class="exception-${item.state}">
<td class="mono">${escapeHtml(item.id)}</td>
<td>${escapeHtml(item.title)}</td>
<td>${item.owner === null ? '<span class="owner-missing">unassigned</span>' : escapeHtml(item.owner)}</td>
<td><span class="state state-${item.state}">${escapeHtml(EXCEPTION_STATES[item.state])}</span></td>
<td class="mono">${escapeHtml(item.expires_at.slice(0, 10))}</td>
</tr>`,
  );
  return `${note}<table class="plain exceptions">
<thead><tr><th scope="col">ID</th><th scope="col">Exception</th><th scope="col">Owner</th><th scope="col">State</th><th scope="col">Expires</th></tr></thead>
<tbody>
${rows.join("\n")}
</tbody>
</table>`;
}

/** One metric category with its owner; the reasons behind no-data and stale badges become footnotes. */
function category(view: CategoryView): string {
  const notes: string[] = [];
  const mark = (row: MetricRow): string => {
    if (!row.reason || (row.status !== "stale" && row.status !== "no_data")) return "";
    let index = notes.indexOf(row.reason);
    if (index < 0) index = notes.push(row.reason) - 1;
    return `<sup>${index + 1}</sup>`;
  };
  const rows = view.rows.map(
    (row) => `<tr class="row-${row.status}">
<th scope="row">${escapeHtml(row.name)}</th>
<td class="num">${hasCurrentValue(row) ? escapeHtml(row.current) : "—"}</td>
<td class="target">${escapeHtml(row.target)}</td>
<td>${statusBadge(row, mark(row))}</td>
<td class="spark">${rowSparklineSvg(row, { width: 44, height: 14 })}${
      hasCurrentValue(row)
        ? `<span class="trend trend-${row.trend}">${escapeHtml(row.trend_label)}</span>`
        : ""
    }</td>
</tr>`,
  );
  const footnotes = notes.length
    ? `<ol class="footnotes">${notes.map((note) => `<li>${escapeHtml(note)}</li>`).join("")}</ol>`
    : "";
  return `<section class="category">
<h3>${escapeHtml(view.name)}</h3>${ownerLine(view.owner)}
<table class="compact-table">
<colgroup><col class="c-metric"><col class="c-value"><col class="c-target"><col class="c-status"><col class="c-trend"></colgroup>
<thead><tr><th scope="col">Metric</th><th scope="col" class="num">Value</th><th scope="col">Target</th><th scope="col">Status</th><th scope="col">Trend</th></tr></thead>
<tbody>
${rows.join("\n")}
</tbody>
</table>${footnotes}
</section>`;
}

// ---------------------------------------------------------------- quarterly

function quarterlyBody(report: QuarterlyReport): string {
  return [
    `<section class="block"><h2>Quarterly Review</h2>${reviewBlock(report.review)}</section>`,
    `<section class="block"><h2>Trends by Category</h2>${
      report.trends.length === 0
        ? `<p class="empty">No metric has a value in the quarter's months.</p>`
        : report.trends.map((category) => quarterTrendTable(category, report.months)).join("\n")
    }</section>`,
    `<section class="block"><h2>${escapeHtml(report.program.title)}</h2>${metricTable(report.program)}</section>`,
    ...report.sections.map(quarterlyTable),
    `<section class="block posture-block"><h2>Overall Risk</h2>${posture(report.posture, null, SUMMARY_REASONS)}</section>`,
    `<section class="block"><h2>Recommendations</h2>${recommendationTable(report)}</section>`,
  ].join("\n");
}

function reviewBlock(review: QuarterReviewStatus): string {
  const summary = review.missing
    ? `<div class="notice"><span class="status status-missed">Not reviewed</span> <span>${escapeHtml(review.summary)}</span></div>`
    : `<p>${escapeHtml(review.summary)}</p>`;
  const decisions = review.reviews.map(
    ({ reviewed_by, decisions }) =>
      `<p class="because">Decisions of ${escapeHtml(reviewed_by)}:</p><ul class="reasons">${decisions
        .map((decision) => `<li>${escapeHtml(decision)}</li>`)
        .join("")}</ul>`,
  );
  return [summary, ...decisions].join("\n");
}

function quarterTrendTable(category: QuarterTrendCategory, months: readonly string[]): string {
  const rows = category.rows.map(
    (row) => `<tr class="row-${row.status}">
<th scope="row">${escapeHtml(row.name)}${row.owner === category.owner ? "" : ownerLine(row.owner)}</th>
${row.months.map((value) => `<td class="num">${escapeHtml(value)}</td>`).join("")}
<td class="target">${escapeHtml(row.target)}</td>
<td>${statusBadge(row)}</td>
<td><span class="trend trend-${row.trend}">${escapeHtml(row.trend_label)}</span></td>
</tr>`,
  );
  return `<section class="category">
<h3>${escapeHtml(category.name)}</h3>${ownerLine(category.owner)}
<table class="compact-table">
<thead><tr><th scope="col">Metric</th>${months.map((month) => `<th scope="col" class="num">${escapeHtml(month)}</th>`).join("")}<th scope="col">Target</th><th scope="col">Status</th><th scope="col">Trend</th></tr></thead>
<tbody>
${rows.join("\n")}
</tbody>
</table>
</section>`;
}

function quarterlyTable(section: QuarterlyTable): string {
  const body =
    section.rows.length === 0
      ? `<p class="empty">${escapeHtml(section.empty)}</p>`
      : `<table class="plain">
<thead><tr>${section.columns.map((column) => `<th scope="col">${escapeHtml(column)}</th>`).join("")}</tr></thead>
<tbody>
${section.rows.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join("")}</tr>`).join("\n")}
</tbody>
</table>`;
  return `<section class="block"><h2>${escapeHtml(section.title)}</h2><p class="evidence">${escapeHtml(section.definition)}</p>${body}</section>`;
}

// ---------------------------------------------------------------- style

const HATCH_AMBER = "repeating-linear-gradient(135deg, #fef3c7 0 4px, #fde68a 4px 8px)";
const HATCH_STALE = "repeating-linear-gradient(135deg, #ffedd5 0 4px, #fdba74 4px 8px)";

const CSS = `
:root { --ink: #0f172a; --muted: #475569; --faint: #94a3b8; --rule: #e2e8f0; --navy: #0b2545;
  --red: #b91c1c; --green: #15803d; --amber: #92400e; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; background: #eef2f6; color: var(--ink);
  font: 13px/1.45 "Segoe UI", "Helvetica Neue", Arial, "DejaVu Sans", "Liberation Sans", sans-serif; }
.sheet { max-width: 210mm; margin: 16px auto; padding: 12mm; background: #fff; box-shadow: 0 1px 4px rgba(15,23,42,.15); }
h1 { font-size: 22px; margin: 0; letter-spacing: -.01em; }
h2 { font-size: 15px; margin: 0 0 8px; padding-bottom: 3px; border-bottom: 2px solid var(--navy); color: var(--navy);
  break-after: avoid; }
h3 { font-size: 13px; margin: 12px 0 4px; color: var(--navy); break-after: avoid; }
p { margin: 4px 0; }
b { font-weight: 650; }
.masthead { display: flex; justify-content: space-between; align-items: flex-end; gap: 16px;
  border-bottom: 3px solid var(--navy); padding-bottom: 8px; margin-bottom: 14px; }
.organisation { text-transform: uppercase; letter-spacing: .08em; font-size: 11px; font-weight: 650; color: var(--muted); margin: 0 0 2px; }
.meta { color: var(--muted); font-size: 11.5px; margin: 4px 0 0; }
.meta span { margin-right: 14px; white-space: nowrap; }
.risk-pill { text-align: center; border-radius: 6px; padding: 5px 14px; min-width: 112px; color: #fff; }
.risk-pill span { display: block; font-size: 10px; text-transform: uppercase; letter-spacing: .06em; opacity: .9; }
.risk-pill strong { font-size: 20px; line-height: 1.1; }
.risk-high .risk-badge, .risk-pill.risk-high { background: var(--red); color: #fff; }
.risk-medium .risk-badge, .risk-pill.risk-medium { background: #d97706; color: #fff; }
.risk-low .risk-badge, .risk-pill.risk-low { background: var(--green); color: #fff; }
.risk-unknown .risk-badge, .risk-pill.risk-unknown { background: ${HATCH_AMBER}; color: var(--amber); border: 1px dashed #b45309; }
.block { margin: 0 0 18px; }
table { border-collapse: collapse; width: 100%; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th, td { text-align: left; vertical-align: top; padding: 5px 6px; border-bottom: 1px solid var(--rule); }
thead th { font-size: 10.5px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); border-bottom: 1.5px solid #cbd5e1; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
.mono { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 11px; white-space: nowrap; }
table.metrics th[scope=row] { width: 24%; }
table.metrics td.current { width: 20%; }
table.metrics td.target { width: 13%; color: var(--muted); }
.metric-name { display: block; font-weight: 650; }
.owner { display: block; font-size: 10.5px; font-weight: 400; color: var(--muted); }
.owner-missing { color: var(--red); font-weight: 650; font-size: 10.5px; }
.value { display: block; font-size: 17px; font-weight: 700; font-variant-numeric: tabular-nums; }
.n { display: block; font-size: 10px; color: var(--faint); margin-top: 2px; }
.reason { font-size: 10.5px; color: var(--amber); margin: 3px 0 0; overflow-wrap: anywhere; }
.status { display: inline-block; padding: 1px 7px; border-radius: 3px; font-size: 10px; font-weight: 700;
  text-transform: uppercase; letter-spacing: .05em; border: 1px solid transparent; white-space: nowrap; }
.status sup { font-size: 8px; margin-left: 1px; }
.status-met { background: #dcfce7; color: #14532d; border-color: #86efac; }
.status-missed { background: var(--red); color: #fff; }
.status-no_target { background: #f1f5f9; color: var(--muted); border-color: #cbd5e1; }
.status-no_data { background: ${HATCH_AMBER}; color: #78350f; border: 1px dashed #b45309; }
.status-stale { background: ${HATCH_STALE}; color: #7c2d12; border: 1.5px solid #c2410c; }
.requirement-status-not_met { background: var(--red); color: #fff; }
.requirement-status-partial { background: #fef3c7; color: var(--amber); border-color: #fcd34d; }
.requirement-status-not_assessed { background: #f1f5f9; color: var(--muted); border-color: #cbd5e1; }
.requirement-status-met { background: #dcfce7; color: #14532d; border-color: #86efac; }
table.requirements { margin-bottom: 10px; }
table.requirements th[scope=row] { font-weight: 400; }
td.overdue { color: var(--red); font-weight: 650; }
.trend { display: block; font-weight: 650; font-size: 11.5px; margin-bottom: 2px; }
.trend-worsening { color: var(--red); }
.trend-improving { color: var(--green); }
.trend-stable, .trend-baseline_set { color: var(--muted); }
.trend-insufficient_data { color: var(--faint); font-style: italic; }
.trend-chart { display: block; max-width: 100%; height: auto; }
.evidence { font-size: 10px; color: var(--muted); margin: 2px 0 0; }
.notice .status { margin-right: 6px; }
.notice { background: #fffbeb; border: 1px dashed #d97706; border-left: 5px solid #d97706; padding: 8px 10px; border-radius: 3px; }
.notice-metrics { font-size: 11px; color: var(--muted); margin: 4px 0 0; }
.summary { margin: 2px 0 6px; padding-left: 18px; }
.qualifier { font-weight: 400; color: var(--muted); font-size: 11.5px; }
table.plain td { font-size: 12px; }
.posture { display: flex; gap: 14px; align-items: flex-start; }
.risk-badge { flex: 0 0 112px; text-align: center; border-radius: 6px; padding: 10px 6px; }
.risk-badge span { display: block; font-size: 9.5px; text-transform: uppercase; letter-spacing: .06em; }
.risk-badge strong { display: block; font-size: 24px; line-height: 1.15; }
.posture-text { flex: 1; }
.because { margin: 6px 0 0; font-weight: 650; font-size: 11.5px; }
.reasons { margin: 2px 0 4px; padding-left: 18px; font-size: 12px; }
.reasons .more { color: var(--muted); font-style: italic; }
.rule { font-size: 10.5px; color: var(--muted); border-top: 1px solid var(--rule); padding-top: 4px; margin-top: 6px; }
.priority { display: inline-block; padding: 1px 7px; border-radius: 3px; font-size: 10.5px; font-weight: 700; }
.priority-high { background: var(--red); color: #fff; }
.priority-medium { background: #fde68a; color: #78350f; }
.priority-low { background: #e2e8f0; color: var(--muted); }
.rec-title { font-weight: 650; width: 26%; }
.rec-category { display: block; font-weight: 400; font-size: 10.5px; color: var(--muted); }
.rationale { font-size: 11px !important; color: #334155; overflow-wrap: anywhere; width: 32%; }
.recommendations td { font-size: 11.5px; }
.recommendations ul.records { margin: 4px 0 0; padding-left: 16px; font-size: 10.5px; }
.statistics { font-size: 10px; color: var(--muted); margin-top: 3px; }
.statistics summary { cursor: pointer; }
.posture-history { margin: 8px 0 0; }
.posture-history figcaption { font-size: 9.5px; color: var(--muted); max-width: 420px; }
.empty { color: var(--muted); font-style: italic; }
/* scorecard */
.report-scorecard .masthead { margin-bottom: 10px; }
.headline { display: grid; grid-template-columns: repeat(3, 1fr); grid-auto-flow: row dense; gap: 8px; margin-bottom: 14px; }
.tile-tall { grid-row: span 2; }
.tile { border: 1px solid #cbd5e1; border-top: 4px solid #94a3b8; border-radius: 4px; padding: 6px 8px 4px; break-inside: avoid; }
.tile h2 { font-size: 11px; text-transform: uppercase; letter-spacing: .07em; border: 0; padding: 0; margin: 0 0 4px; color: var(--muted); }
.tile-met { border-top-color: var(--green); }
.tile-missed { border-top-color: var(--red); }
.tile-stale { border-top-color: #c2410c; }
.tile-no_data { border-top-color: #d97706; background: #fffdf5; }
.kpi { padding: 3px 0 4px; border-top: 1px solid var(--rule); }
.tile h2 + .kpi { border-top: 0; padding-top: 0; }
.kpi-name { font-size: 11px; font-weight: 650; color: #334155; }
.kpi-main { display: flex; align-items: center; justify-content: space-between; gap: 6px; }
.kpi-value { font-size: 20px; font-weight: 750; font-variant-numeric: tabular-nums; line-height: 1.2; }
.kpi-missing { font-size: 14px; color: var(--amber); text-transform: uppercase; letter-spacing: .04em; }
.kpi-meta { font-size: 10.5px; color: var(--muted); display: flex; flex-wrap: wrap; align-items: center; gap: 2px 6px; }
.kpi-meta .trend { display: inline; font-size: 10.5px; margin: 0; }
.kpi .reason { font-size: 9.5px; }
.tile-empty p { font-size: 11px; margin: 4px 0 0; }
.tile-empty .tile-metrics { color: var(--muted); font-size: 10px; }
.compact h2 { margin-bottom: 6px; }
.compact .risk-badge { padding: 8px 6px; }
.compact .reasons { font-size: 11.5px; }
.exceptions td { font-size: 11.5px; }
.state { font-size: 10.5px; font-weight: 650; }
.state-expired { color: #fff; background: var(--red); padding: 1px 6px; border-radius: 3px; }
.state-expiring { color: #78350f; background: #fde68a; padding: 1px 6px; border-radius: 3px; }
.state-active { color: var(--muted); }
.category-columns { columns: 2; column-gap: 14px; }
.category { break-inside: avoid; margin: 0 0 12px; }
.category h3 { margin: 0; font-size: 12.5px; }
.category .owner { margin-bottom: 3px; }
.category .owner-missing { display: block; margin-bottom: 3px; }
.compact-table { table-layout: fixed; }
.compact-table .c-metric { width: 33%; } .compact-table .c-value { width: 14%; } .compact-table .c-target { width: 17%; }
.compact-table .c-status { width: 18%; } .compact-table .c-trend { width: 18%; }
.compact-table th, .compact-table td { padding: 2px 3px; font-size: 10.5px; }
.compact-table td.num { white-space: nowrap; }
.compact-table thead th { font-size: 9px; }
.compact-table th[scope=row] { font-weight: 500; }
.compact-table td.target { color: var(--muted); }
.compact-table .status { font-size: 8.5px; padding: 0 4px; }
.spark svg { display: block; }
.spark .trend { font-size: 8.5px; margin: 0; font-weight: 600; line-height: 1.2; }
.footnotes { margin: 3px 0 0; padding-left: 16px; font-size: 9.5px; color: var(--amber); }
@page { size: A4; margin: 12mm; }
@media print {
  body { background: #fff; font-size: 12px; }
  .sheet { max-width: none; margin: 0; padding: 0; box-shadow: none; }
  .page-break { break-before: page; page-break-before: always; }
  .block { break-inside: auto; }
  .posture, .tile, .category, .notice { break-inside: avoid; }
}
`;
