import type { MaturityStatus, PracticeStatus, ScopeStatus } from "../../domains/maturity/status.ts";
import {
  PRACTICE_HEAD,
  practiceRows,
  ROADMAP_HEAD,
  roadmapRows,
  scopeHeading,
} from "../../report/maturity.ts";
import { e, href } from "./layout.ts";

/** SAMM scores run from 0 to 3. */
const MAX_SCORE = 3;

/**
 * Each scope's practices with their score drawn against the target, and the
 * roadmap, with the same columns `secmetrics maturity` prints. Scope names,
 * assessors and activities come from imported files: all of it escaped.
 */
export function maturityBody(status: MaturityStatus, periodId: string): string {
  const metric = (id: string) => `<a href="${e(href(`/metrics/${id}`, periodId))}">${id}</a>`;
  const intro = `<p class="meta">Each scope's latest OWASP SAMM assessment before the end of ${e(periodId)}: practice scores from 0 to 3 (the mean of the practice's two streams), the level their band gives, the change since the scope's previous assessment and the target. The roadmap lists the practices below their target, the largest gap × business-function weight first; the metrics ${metric("maturity_score")} and ${metric("maturity_gaps")} trend them. <code>secmetrics maturity --format csv</code> writes the roadmap as an action items register.</p>`;
  if (status.scopes.length === 0)
    return `<h1>Maturity — ${e(periodId)}</h1>${intro}<div class="empty-state">No SAMM assessment before the end of ${e(periodId)}: import one (samm-yaml, samm-csv).</div>`;
  return `<h1>Maturity — ${e(periodId)}</h1>${intro}
${status.scopes.map(scopeSection).join("\n")}
<h2 id="roadmap">Roadmap</h2>${roadmapTable(status)}`;
}

function scopeSection(scope: ScopeStatus): string {
  const rows = practiceRows(scope)
    .map((cells, index) => {
      const practice = scope.practices[index] as PracticeStatus;
      const [fn, name, score, ...rest] = cells.map(e);
      return `<tr><td>${fn}</td><td>${name}</td><td class="num">${score} ${scoreMeter(practice)}</td>${rest
        .map((cell) => `<td>${cell}</td>`)
        .join("")}</tr>`;
    })
    .join("");
  return `<h2>${e(scopeHeading(scope))}</h2>
<table><thead><tr>${PRACTICE_HEAD.map((head) => `<th>${e(head)}</th>`).join("")}</tr></thead><tbody>${rows}</tbody></table>`;
}

/** A native meter beside the score (already written out): its low mark is the target, so a practice below it shows apart. */
function scoreMeter(practice: PracticeStatus): string {
  const target = practice.target === null ? "" : ` low="${practice.target}" optimum="${MAX_SCORE}"`;
  return `<meter min="0" max="${MAX_SCORE}" value="${practice.score}"${target} aria-hidden="true"></meter>`;
}

function roadmapTable(status: MaturityStatus): string {
  if (status.roadmap.length === 0)
    return `<div class="empty-state">Every assessed practice is at or above its target.</div>`;
  const numeric = new Set([0, 5, 6, 7]);
  return `<table><thead><tr>${ROADMAP_HEAD.map((head, index) => `<th${numeric.has(index) ? ' class="num"' : ""}>${e(head)}</th>`).join("")}</tr></thead><tbody>${roadmapRows(
    status.roadmap,
  )
    .map(
      (cells) =>
        `<tr>${cells.map((cell, index) => `<td${numeric.has(index) ? ' class="num"' : ""}>${e(cell)}</td>`).join("")}</tr>`,
    )
    .join("")}</tbody></table>`;
}
