import type { DrillDown } from "../../app/drill-down.ts";
import type { MetricResult } from "../../app/kpi-report.ts";
import { formatDuration, formatInstant as formatInstantIn, formatQuantity } from "../../model/format.ts";
import { CATEGORY_NAMES, type Category } from "../../model/metric-definition.ts";
import type { MetricRow, ReportSection, ScorecardReport } from "../../report/model.ts";
import { postureChartSvg } from "../../report/posture-chart.ts";
import { targetFromRow, trendChartSvg } from "../../report/svg-chart.ts";
import { formatInstant, periodRange, STATUS_LABELS } from "../../report/wording.ts";
import type { AuditEntry } from "../../store/auth-store.ts";
import type { ImportRecord } from "../../store/store.ts";
import type { Principal } from "../context.ts";
import { csrfField, e, href } from "./layout.ts";

/** A value is only shown when it is current: a stale figure may be an empty feed's zero. */
function shown(row: MetricRow): boolean {
  return row.value !== null && row.status !== "stale";
}

function statusBadge(status: MetricRow["status"]): string {
  return `<span class="status status-${status}">${e(STATUS_LABELS[status])}</span>`;
}

function valueHtml(row: MetricRow): string {
  return shown(row)
    ? `<span class="figure-value">${e(row.current)}</span>`
    : `<span class="figure-missing">${e(STATUS_LABELS[row.status])}</span>`;
}

function reasonHtml(row: MetricRow): string {
  return row.reason && (row.status === "stale" || row.status === "no_data")
    ? `<p class="reason">${e(row.reason)}</p>`
    : "";
}

function targetText(row: MetricRow): string {
  return row.target === "no target" ? row.target : `target ${row.target}`;
}

function chart(row: MetricRow, width = 320, height = 112): string {
  return trendChartSvg(row, { width, height, target: targetFromRow(row) });
}

function ownerHtml(owner: string | null): string {
  return owner === null
    ? '<span class="owner-missing">No owner assigned</span>'
    : `<span class="owner">Owner: ${e(owner)}</span>`;
}

/** The owner alone, for a cell or field already headed "Owner". */
function ownerName(owner: string | null): string {
  return owner === null ? '<span class="owner-missing">No owner assigned</span>' : e(owner);
}

function metricLink(row: Pick<MetricRow, "id" | "name">, period: string): string {
  return `<a href="${e(href(`/metrics/${row.id}`, period))}">${e(row.name)}</a>`;
}

const WEIGHT: Record<MetricRow["status"], number> = { missed: 4, stale: 3, no_data: 2, met: 1, no_target: 0 };

function tile(section: ReportSection, period: string): string {
  const worst = section.rows.reduce<MetricRow["status"]>(
    (acc, row) => (WEIGHT[row.status] > WEIGHT[acc] ? row.status : acc),
    section.rows.length === 0 ? "no_data" : "no_target",
  );
  const notice =
    section.note !== null ? `<div class="notice"><strong>No data</strong> ${e(section.note)}</div>` : "";
  const figures = section.rows
    .map(
      (row) => `<div class="figure" data-metric="${e(row.id)}">
<div class="figure-name">${metricLink(row, period)}</div>
<div>${valueHtml(row)}</div>
<div class="figure-meta">${statusBadge(row.status)}<span>${e(targetText(row))}</span><span class="trend trend-${row.trend}">${e(row.trend_label)}</span></div>
${reasonHtml(row)}${chart(row)}</div>`,
    )
    .join("\n");
  return `<article class="tile tile-${worst}"><h3>${e(section.title)}</h3>${notice}${figures}</article>`;
}

export function overviewBody(report: ScorecardReport): string {
  const period = report.period.id;
  const missing = report.categories.flatMap((c) => c.rows).filter((row) => !shown(row));
  const loud =
    missing.length > 0
      ? `<div class="notice"><strong>${missing.length} metrics without a current value</strong> — ${missing.filter((r) => r.status === "stale").length} stale, ${missing.filter((r) => r.status === "no_data").length} with no data. They are shown as such, never as zero.</div>`
      : "";
  const summary = report.categories
    .map(
      (
        view,
      ) => `<tr><th scope="row"><a href="${e(href(`/categories/${view.id}`, period))}">${e(view.name)}</a></th>
<td>${ownerName(view.owner)}</td>
${(["met", "missed", "stale", "no_data", "no_target"] as const)
  .map((status) => `<td class="num">${view.rows.filter((r) => r.status === status).length}</td>`)
  .join("")}</tr>`,
    )
    .join("\n");
  return `<h1>${e(report.title)}</h1>
<p class="meta">${e(report.organisation)} · ${e(periodRange(report.period, report.timezone))} · generated ${e(formatInstant(report.generated_at, report.timezone))} · overall risk <span class="risk risk-${report.posture.level.toLowerCase()}">${e(report.posture.level)}</span></p>
${loud}
<section class="tiles" aria-label="Scorecard">${report.headline.map((s) => tile(s, period)).join("\n")}</section>
<h2>Overall risk</h2>
<p>Trend: ${e(report.posture.trend.text)}.</p>
<ul>${report.posture.reasons.map((reason) => `<li>${e(reason)}</li>`).join("")}</ul>
${postureChartSvg(report.posture.history)}
<p class="meta">${e(report.posture.rule)}</p>
<h2>Categories</h2>
<table><thead><tr><th>Category</th><th>Owner</th><th class="num">Met</th><th class="num">Missed</th><th class="num">Stale</th><th class="num">No data</th><th class="num">No target</th></tr></thead>
<tbody>${summary}</tbody></table>
<p><a href="${e(href("/exceptions", period))}">Exceptions</a> · <a href="${e(href("/recommendations", period))}">${report.recommendations.length} recommendations</a></p>`;
}

export function categoryBody(report: ScorecardReport, category: Category): string {
  const period = report.period.id;
  const view = report.categories.find((c) => c.id === category);
  const heading = `<h1>${e(CATEGORY_NAMES[category])} — ${e(period)}</h1><p class="meta">${ownerHtml(view?.owner ?? null)}</p>`;
  if (!view)
    return `${heading}<div class="empty-state">No metric of this category is shown (all hidden by the configuration).</div>`;
  const cards = view.rows
    .map(
      (row) => `<article class="card" data-metric="${e(row.id)}">
<h3>${metricLink(row, period)}</h3>
<div>${ownerHtml(row.owner)}</div>
<div>${valueHtml(row)} ${statusBadge(row.status)}</div>
<div class="figure-meta"><span>${e(targetText(row))}</span><span class="trend trend-${row.trend}">${e(row.trend_label)}</span>${row.n !== null && shown(row) ? `<span>n = ${row.n}</span>` : ""}</div>
${reasonHtml(row)}${chart(row, 400, 130)}
<p class="verdict"><b>Signal or noise:</b> ${e(row.trend_reason)}</p>
</article>`,
    )
    .join("\n");
  return `${heading}<section class="cards">${cards}</section>`;
}

export interface MetricPageData {
  row: MetricRow;
  metric: MetricResult;
  definition: { description: string; sources: readonly string[]; cadence_seconds: number; direction: string };
  drill: DrillDown | { unavailable: string };
  /** The configured zone dates are shown in. */
  timezone: string;
}

/** A mean's spread: the median and 90th percentile beside it, when the metric has them. */
function spreadHtml(row: MetricRow, metric: MetricResult): string {
  if (!shown(row) || metric.median === null || metric.p90 === null) return "";
  const quantity = (value: number) => e(formatQuantity(value, row.unit));
  return `<div class="figure-meta spread"><span>mean ${quantity(row.value as number)}</span><span>median ${quantity(metric.median)}</span><span>p90 ${quantity(metric.p90)}</span></div>`;
}

export function metricBody(
  { row, metric, definition, drill, timezone }: MetricPageData,
  period: string,
): string {
  const history = row.series
    .map(
      (point, index) =>
        `<tr${index === row.series.length - 1 ? ' class="current"' : ""}><td class="mono">${e(point.period)}</td><td class="num">${point.value === null ? "no data" : e(formatQuantity(point.value, row.unit))}</td></tr>`,
    )
    .join("");
  return `<h1>${e(row.name)} — ${e(period)}</h1>
<p class="meta"><span class="mono">${e(row.id)}</span> · ${e(CATEGORY_NAMES[row.category])} · <a href="${e(href(`/api/v1/metrics/${row.id}`, period))}">JSON</a>${pageOfMetric(row.id, period)}</p>
<div>${valueHtml(row)} ${statusBadge(row.status)} <span class="trend trend-${row.trend}">${e(row.trend_label)}</span>${row.n !== null && shown(row) ? ` <span class="meta">n = ${row.n}</span>` : ""}</div>
${spreadHtml(row, metric)}${reasonHtml(row)}
${chart(row, 640, 200)}
<p class="verdict"><b>Signal or noise:</b> ${e(row.trend_reason)}</p>
<h2>Definition</h2>
<dl class="definition">
<dt>Formula</dt><dd>${e(definition.description)}</dd>
<dt>Unit</dt><dd>${e(row.unit)}</dd>
<dt>Better when</dt><dd>${e(definition.direction)}</dd>
<dt>Target</dt><dd>${e(row.target)}</dd>
<dt>Owner</dt><dd>${ownerName(row.owner)}</dd>
<dt>Sources</dt><dd>${definition.sources.length ? definition.sources.map((s) => `<span class="mono">${e(s)}</span>`).join(", ") : "no importer feeds this metric yet"}</dd>
<dt>Expected cadence</dt><dd>every ${e(formatDuration(definition.cadence_seconds))}</dd>
<dt>Data ends</dt><dd>${metric.data_end === null ? "no data" : e(formatInstantIn(metric.data_end, timezone))}</dd>
<dt>Last import</dt><dd>${metric.last_import_at === null ? "never" : e(formatInstantIn(metric.last_import_at, timezone))}</dd>
</dl>
<h2>History</h2>
<table class="history"><thead><tr><th>Period</th><th class="num">Value</th></tr></thead><tbody>${history}</tbody></table>
<h2 id="records">Records behind the value</h2>
${drillTable(drill)}`;
}

/** Dashboard pages that list what a metric counts, beside its records. */
const METRIC_PAGES: Record<string, { path: string; label: string }> = {
  shadow_assets: { path: "/assets", label: "Asset inventory and shadow assets" },
  new_deployments: { path: "/web3", label: "Deployments registry" },
  interface_collisions: { path: "/web3", label: "Deployments registry and its collisions" },
  maturity_score: { path: "/maturity", label: "Maturity by practice" },
  maturity_gaps: { path: "/maturity", label: "Maturity roadmap" },
};

function pageOfMetric(id: string, period: string): string {
  const related = METRIC_PAGES[id];
  return related ? ` · <a href="${e(href(related.path, period))}">${e(related.label)}</a>` : "";
}

function drillTable(drill: MetricPageData["drill"]): string {
  if ("unavailable" in drill) return `<div class="empty-state">${e(drill.unavailable)}</div>`;
  if (drill.rows.length === 0)
    return `<div class="empty-state">No record of this period feeds this metric.</div>`;
  const rows = drill.rows
    .map(
      (r) => `<tr class="${r.counted ? "counted" : "counted-no"}">
<td class="mono">${e(r.kind)} ${e(r.id)}</td>
<td class="fields">${Object.entries(r.fields)
        .map(([key, value]) => `<span><b>${e(key)}</b> ${e(value === null ? "—" : String(value))}</span>`)
        .join("")}</td>
<td>${r.counted ? "counted" : `not counted${r.note ? `: ${e(r.note)}` : ""}`}${r.counted && r.note ? ` (${e(r.note)})` : ""}</td>
<td class="mono">${e(r.provenance.file_name)}:${r.provenance.line}<br>import #${r.provenance.import_id} · sha256 ${e(r.provenance.sha256.slice(0, 12))}</td>
</tr>`,
    )
    .join("\n");
  return `<p class="meta">${drill.rows.length} records${drill.truncated ? " (list cut; the CLI's `secmetrics drill` gives them all)" : ""}.</p>
<table class="records"><thead><tr><th>Record</th><th>Fields the metric reads</th><th>Counted</th><th>Provenance (file:line)</th></tr></thead><tbody>${rows}</tbody></table>`;
}

export interface ImportResultView {
  ok: boolean;
  message: string;
  problems?: string[];
}

export function importsBody(
  imports: readonly ImportRecord[],
  timezone: string,
  principal: Principal | undefined,
  canImport: boolean,
  formats: readonly string[],
  result?: ImportResultView,
): string {
  const flash = result
    ? `<div class="flash ${result.ok ? "flash-ok" : "flash-error"}">${e(result.message)}${
        result.problems?.length ? `<pre class="problems">${e(result.problems.join("\n"))}</pre>` : ""
      }</div>`
    : "";
  const form = canImport
    ? `<h2>Import a file</h2>
<form class="stack" method="post" action="/imports" enctype="multipart/form-data">${csrfField(principal)}
<label for="file">File</label><input id="file" type="file" name="file" required>
<label for="format">Format</label><select id="format" name="format"><option value="auto">detect from the content</option>${formats
        .map((f) => `<option value="${e(f)}">${e(f)}</option>`)
        .join("")}</select>
<button type="submit">Import</button></form>
<p class="meta">One transaction per file: a file with an invalid row is rejected whole and nothing is written. The same content imported again changes nothing.</p>`
    : `<p class="meta">Importing needs the editor role.</p>`;
  const rows = [...imports]
    .reverse()
    .slice(0, 100)
    .map(
      (i) =>
        `<tr><td class="num">${i.id}</td><td>${e(i.file_name)}</td><td class="mono">${e(i.format)}</td><td class="mono">${e(i.feed)}</td><td class="mono">${e(formatInstantIn(i.imported_at, timezone))}</td><td class="num">${i.records}</td><td class="num">${i.skipped}</td><td class="mono">${e(i.sha256.slice(0, 16))}</td></tr>`,
    )
    .join("");
  return `<h1>Imports</h1>${flash}${form}
<h2>Every import (latest first)</h2>
${imports.length === 0 ? '<div class="empty-state">Nothing imported yet.</div>' : `<table><thead><tr><th class="num">#</th><th>File</th><th>Format</th><th>Feed</th><th>Imported</th><th class="num">Records</th><th class="num">Skipped</th><th>SHA-256</th></tr></thead><tbody>${rows}</tbody></table>`}`;
}

export function auditBody(entries: readonly AuditEntry[], timezone: string): string {
  if (entries.length === 0) return `<h1>Audit log</h1><div class="empty-state">No entry yet.</div>`;
  const rows = entries
    .map(
      (entry) =>
        `<tr><td class="mono">${e(formatInstantIn(entry.at, timezone))}</td><td>${e(entry.actor)}</td><td class="mono">${e(entry.action)}</td><td>${e(entry.target ?? "")}</td><td class="mono">${e(entry.detail ? JSON.stringify(entry.detail) : "")}</td><td class="mono">${e(entry.ip ?? "")}</td></tr>`,
    )
    .join("");
  return `<h1>Audit log</h1><p class="meta">Who imported, changed or exported what; latest first.</p>
<table><thead><tr><th>When</th><th>Who</th><th>Action</th><th>What</th><th>Detail</th><th>From</th></tr></thead><tbody>${rows}</tbody></table>`;
}

export function loginBody(options: { csrf: string; next: string; message?: string; name?: string }): string {
  return `<section class="login"><h1>Log in</h1>
${options.message ? `<div class="flash flash-error" role="alert">${e(options.message)}</div>` : ""}
<form method="post" action="/login">
<input type="hidden" name="_csrf" value="${e(options.csrf)}">
<input type="hidden" name="next" value="${e(options.next)}">
<label for="name">User name</label><input id="name" name="name" autocomplete="username" required value="${e(options.name ?? "")}">
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Log in</button>
</form></section>`;
}

export function passwordBody(
  principal: Principal | undefined,
  options: { message?: string; forced?: boolean; next: string },
): string {
  const { message, forced = false, next } = options;
  return `<section class="login"><h1>Change your password</h1>
${forced ? '<p class="notice">This account still has its one-time password: choose your own to continue.</p>' : ""}
${message ? `<div class="flash flash-error" role="alert">${e(message)}</div>` : ""}
<form class="stack" method="post" action="/account/password">${csrfField(principal)}
<input type="hidden" name="next" value="${e(next)}">
<label for="current">Current password</label><input id="current" name="current" type="password" autocomplete="current-password" required>
<label for="new">New password (at least 12 characters)</label><input id="new" name="new" type="password" autocomplete="new-password" minlength="12" required>
<label for="confirm">New password again</label><input id="confirm" name="confirm" type="password" autocomplete="new-password" minlength="12" required>
<button type="submit">Change password</button>
</form></section>`;
}

export function errorBody(status: number, message: string, hint?: string): string {
  return `<h1>${status === 404 ? "Not found" : status === 403 ? "Not allowed" : "Something went wrong"}</h1>
<div class="flash flash-error" role="alert">${e(message)}</div>${hint ? `<p class="meta">${e(hint)}</p>` : ""}
<p><a href="/">Back to the overview</a></p>`;
}
