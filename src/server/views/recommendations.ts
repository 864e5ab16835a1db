import type { RecommendationRow } from "../../app/trackers/recommendation-list.ts";
import { recordList } from "../../report/html.ts";
import type { ScorecardReport } from "../../report/model.ts";
import { emptyRecommendations, RECOMMENDATION_STATUS_LABELS } from "../../report/wording.ts";
import type { Recommendation } from "../../review/recommendation.ts";
import { TRACKERS } from "../../review/tracker-issue.ts";
import type { Principal } from "../context.ts";
import { csrfField, e, href } from "./layout.ts";

export interface RecommendationsView {
  report: ScorecardReport;
  /** The period's recommendations, then the earlier ones acted on, each with its status. */
  rows: readonly RecommendationRow[];
  recommendations: ReadonlyMap<string, Recommendation>;
  principal: Principal | undefined;
  /** The principal may assign, dismiss and link (editor or admin). */
  canEdit: boolean;
  flash?: { ok: boolean; message: string; hint?: string };
}

const STATUS_CLASS: Record<RecommendationRow["status"], string> = {
  new: "status-no_target",
  tracked: "status-no_target",
  done_awaiting_verification: "status-stale",
  verified_effective: "status-met",
  verified_no_effect: "status-missed",
  dismissed: "status-no_data",
};

/** The recommendations page: each with its status, issue and what happened since the work; editors act on them. */
export function recommendationsBody(view: RecommendationsView): string {
  const { report } = view;
  const heading = `<h1>Recommendations — ${e(report.period.id)}</h1>`;
  const flash = view.flash
    ? `<div class="flash ${view.flash.ok ? "flash-ok" : "flash-error"}" role="${view.flash.ok ? "status" : "alert"}">${e(view.flash.message)}${view.flash.hint ? ` ${e(view.flash.hint)}` : ""}</div>`
    : "";
  if (view.rows.length === 0)
    return `${heading}${flash}<div class="empty-state">${e(emptyRecommendations(report))}</div>`;
  const rows = view.rows.map((row) => recommendationRow(row, view)).join("\n");
  const actions = view.canEdit ? "<th>Actions</th>" : "";
  return `${heading}${flash}<table><thead><tr><th>Recommendation</th><th>Priority</th><th>Rationale</th><th>Expected impact</th><th>Owner</th><th>Status</th><th>Since the work</th>${actions}</tr></thead><tbody>${rows}</tbody></table>`;
}

function recommendationRow(row: RecommendationRow, view: RecommendationsView): string {
  const r = view.recommendations.get(row.id);
  if (!r) return "";
  const metric = e(href(`/metrics/${r.metric_id}`, view.report.period.id));
  const issues = row.issues
    .map(
      (issue) => `<br><a href="${e(issue.url)}" rel="noreferrer">${e(`${issue.tracker} ${issue.issue}`)}</a>`,
    )
    .join("");
  const dismissal = row.dismissal
    ? `<br><span class="meta">by ${e(row.dismissal.by)}: ${e(row.dismissal.reason)}</span>`
    : "";
  const status = `<span class="status ${STATUS_CLASS[row.status]}">${e(RECOMMENDATION_STATUS_LABELS[row.status])}</span>${issues}${dismissal}`;
  const actions = view.canEdit ? `<td class="row-actions">${rowActions(row, view)}</td>` : "";
  return `<tr id="${e(row.id)}">
<td><b>${e(r.title)}</b><br><a class="mono" href="${metric}">${e(r.metric_id)}</a> · ${e(r.category)}</td>
<td><span class="priority priority-${r.priority.toLowerCase()}">${e(r.priority)}</span></td>
<td>${e(r.rationale)}${recordList(r)}<details class="statistics"><summary>Statistics</summary>${e(r.statistics)} · <a href="${metric}#records">records behind the value</a></details></td><td>${e(r.expected_impact)}</td>
<td>${ownerCell(row)}</td>
<td>${status}</td><td>${row.impact ? e(row.impact.summary) : "—"}</td>${actions}</tr>`;
}

function ownerCell(row: RecommendationRow): string {
  const owner = row.owner === null ? '<span class="owner-missing">unassigned</span>' : e(row.owner);
  const assigned = row.assignment
    ? `<br><span class="meta">assigned by ${e(row.assignment.by)} on ${e(row.assignment.at.slice(0, 10))}</span>`
    : "";
  return `${owner}${assigned}`;
}

/** Assign an owner, dismiss with a reason, and link an issue filed by hand; a dismissed one can still be linked. */
function rowActions(row: RecommendationRow, view: RecommendationsView): string {
  const csrf = csrfField(view.principal);
  const path = (action: string) =>
    e(href(`/recommendations/${encodeURIComponent(row.id)}/${action}`, view.report.period.id));
  const dismiss =
    row.status === "dismissed"
      ? ""
      : `<form method="post" action="${path("dismiss")}">${csrf}<input name="reason" aria-label="Why dismiss ${e(row.id)}" placeholder="reason" required><button type="submit">Dismiss</button></form>`;
  const assign = `<form method="post" action="${path("assign")}">${csrf}<input name="owner" aria-label="New owner of ${e(row.id)}" placeholder="owner" required maxlength="200"><button type="submit">Assign</button></form>`;
  const trackers = TRACKERS.map((t) => `<option value="${t}">${t}</option>`).join("");
  const link = `<form method="post" action="${path("link")}">${csrf}<select name="tracker" aria-label="Tracker for ${e(row.id)}">${trackers}</select><input name="issue" aria-label="Issue number or key for ${e(row.id)}" placeholder="42 or SEC-42" required><input type="url" name="url" aria-label="Issue URL for ${e(row.id)}" placeholder="https://…" required><button type="submit">Link issue</button></form>`;
  return `${assign}${dismiss}${link}`;
}
