import { nextRun } from "../../app/sources/schedule.ts";
import type { SourceConfig } from "../../config/sources.ts";
import { formatInstant } from "../../model/format.ts";
import type { SourceRun } from "../../store/source-run-store.ts";
import { e } from "./layout.ts";

const OUTCOME_CLASS: Readonly<Record<string, string>> = {
  ok: "status-met",
  failed: "status-missed",
  skipped_busy: "status-missed",
};

/**
 * The imports page's section on the configured sources: each one's last run,
 * a failed one with its reason, and the next run. Nothing when none is configured.
 */
export function sourceRunsSection(
  sources: readonly SourceConfig[],
  latest: ReadonlyMap<string, SourceRun>,
  timezone: string,
  now: number,
): string {
  if (sources.length === 0) return "";
  const failing = sources.filter((source) => {
    const outcome = latest.get(source.name)?.outcome;
    return outcome === "failed" || outcome === "skipped_busy";
  });
  const flash =
    failing.length === 0
      ? ""
      : `<div class="flash flash-error">The last run of ${e(failing.map((s) => s.name).join(", "))} failed: see below.</div>`;
  const rows = sources
    .map((source) => {
      const run = latest.get(source.name);
      const next = source.enabled ? formatInstant(nextRun(source, now), timezone) : "disabled";
      const last = run
        ? `<td class="mono">${e(formatInstant(run.started_at, timezone))}</td><td><span class="status ${OUTCOME_CLASS[run.outcome ?? ""] ?? "status-no_target"}">${e(run.outcome ?? "running")}</span>${run.error ? `<pre class="problems">${e(run.error)}</pre>` : ""}</td><td class="num">${run.imported}</td><td class="num">${run.unchanged}</td><td class="num">${run.records}</td>`
        : `<td colspan="5" class="meta">not run yet</td>`;
      return `<tr><td>${e(source.name)}</td><td class="mono">${e(source.kind)}</td><td class="mono">${e(source.schedule)}</td><td class="mono">${e(next)}</td>${last}</tr>`;
    })
    .join("");
  return `<h2 id="sources">Scheduled sources</h2>${flash}
<table><thead><tr><th>Source</th><th>Kind</th><th>Schedule</th><th>Next run</th><th>Last run</th><th>Outcome</th><th class="num">Imported</th><th class="num">Unchanged</th><th class="num">Records</th></tr></thead><tbody>${rows}</tbody></table>`;
}
