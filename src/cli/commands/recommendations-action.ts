import type { Command } from "commander";
import { computeKpis } from "../../app/compute-kpis.ts";
import type { KpiReport } from "../../app/kpi-report.ts";
import {
  assignRecommendation,
  dismissRecommendation,
  listRecommendations,
  type RecommendationRow,
} from "../../app/trackers/recommendation-list.ts";
import { type SyncOutcome, syncRecommendations } from "../../app/trackers/sync.ts";
import { trackerFor } from "../../app/trackers/tracker-for.ts";
import { periodUpgrades } from "../../app/trackers/upgrade-pieces.ts";
import { cliActor } from "../../auth/accounts.ts";
import { reportInput } from "../../report/report-input.ts";
import { terminalTable } from "../../report/terminal-table.ts";
import { terminalLines, terminalText } from "../../report/terminal-text.ts";
import { RECOMMENDATION_STATUS_LABELS } from "../../report/wording.ts";
import type { Recommendation } from "../../review/recommendation.ts";
import type { TrackerAction, TrackerName } from "../../review/tracker-issue.ts";
import type { UpgradePiece } from "../../review/upgrade-piece.ts";
import { createAuthStore } from "../../store/auth-store.ts";
import type { Store } from "../../store/store.ts";
import { type CliContext, cliContext, defaultPeriod, withStore } from "../context.ts";
import { emit, json } from "../output.ts";

/** The recommendations of the period's review, as the reports show them. */
async function periodRecommendations(
  store: Store,
  ctx: CliContext,
  period?: string,
): Promise<Recommendation[]> {
  const kpis = await computeKpis(store, period ?? defaultPeriod(ctx), ctx);
  return (await reportInput(store, kpis, ctx.config)).review.recommendations;
}

/**
 * The period's recommendations, then those of the periods shown that were
 * acted on and are no longer among them (the fix often clears its own),
 * each with its status and, once acted on, what happened since.
 */
export async function runRecommendationsList(
  options: { period?: string; format: string },
  command: Command,
): Promise<void> {
  const ctx = cliContext(command);
  const rows = await withStore(ctx, async (store) => {
    const kpis = await computeKpis(store, options.period ?? defaultPeriod(ctx), ctx);
    const { review, actedOn = [] } = await reportInput(store, kpis, ctx.config);
    const current = new Set(review.recommendations.map((r) => r.id));
    const earlier = actedOn.map((a) => a.recommendation).filter((r) => !current.has(r.id));
    const impacts = new Map(actedOn.map((a) => [a.recommendation.id, a.impact]));
    const upgrades = await upgradesIfSplit(store, ctx, kpis, review.recommendations);
    return listRecommendations(store, [...review.recommendations, ...earlier], impacts, upgrades);
  });
  if (options.format === "json") return emit(json(rows), undefined);
  if (rows.length === 0) return emit("no recommendation for the period", undefined);
  const table = terminalTable(
    ["Id", "Priority", "Owner", "Status", "Issue", "Action", "Since the work"],
    rows.map((row) => [
      // An upgrade sits under the recommendation it is part of.
      row.upgrade_of ? `↳ ${row.id}` : row.id,
      row.priority,
      row.owner ?? "",
      statusText(row),
      issuesText(row),
      row.title,
      row.impact?.summary ?? "",
    ]),
  );
  emit(table, undefined);
}

/** The upgrades the recommendations split into, unless `trackers.split` is none. */
async function upgradesIfSplit(
  store: Store,
  ctx: CliContext,
  kpis: KpiReport,
  recommendations: readonly Recommendation[],
): Promise<UpgradePiece[] | undefined> {
  if (ctx.config.trackers.split === "none") return undefined;
  return periodUpgrades(store, kpis, recommendations, ctx.config);
}

function statusText(row: RecommendationRow): string {
  const status = RECOMMENDATION_STATUS_LABELS[row.status];
  return row.dismissal ? `${status} by ${row.dismissal.by}: ${row.dismissal.reason}` : status;
}

const issuesText = (row: RecommendationRow) =>
  row.issues.map((issue) => `${issue.tracker} ${issue.issue}`).join(", ");

export async function runRecommendationsSync(
  options: {
    to: TrackerName;
    repo?: string;
    project?: string;
    dryRun?: boolean;
    period?: string;
    format: string;
  },
  command: Command,
): Promise<void> {
  const ctx = cliContext(command);
  const target = {
    ...(options.repo ? { repo: options.repo } : {}),
    ...(options.project ? { project: options.project } : {}),
  };
  const adapter = trackerFor(options.to, ctx.config, process.env, target);
  const outcome = await withStore(ctx, async (store) => {
    const kpis = await computeKpis(store, options.period ?? defaultPeriod(ctx), ctx);
    const { recommendations } = (await reportInput(store, kpis, ctx.config)).review;
    const upgrades = await upgradesIfSplit(store, ctx, kpis, recommendations);
    return syncRecommendations(store, adapter, recommendations, {
      labels: [ctx.config.trackers.label],
      assignees: ctx.config.trackers.assignees[options.to],
      dryRun: options.dryRun === true,
      now: ctx.now,
      ...(upgrades ? { upgrades } : {}),
    });
  });
  // Titles name imported records (targets, packages): shown, not sent, as every command does.
  emit(
    options.format === "json" ? json(outcomeJson(outcome)) : terminalLines(outcomeText(outcome)),
    undefined,
  );
  if (outcome.failed) throw outcome.failed.error;
}

function outcomeJson(outcome: SyncOutcome) {
  return {
    ...outcome,
    failed: outcome.failed && { action: outcome.failed.action, error: outcome.failed.error.message },
  };
}

/** "created github 12: Fix …", one line per step; then what was not done, if a step failed. */
function outcomeText(outcome: SyncOutcome): string {
  const steps = outcome.planned.filter((action) => action.kind !== "leave");
  const unchanged = outcome.planned.length - steps.length;
  const tail = `${unchanged} issue${unchanged === 1 ? "" : "s"} unchanged`;
  if (outcome.dry_run)
    return [
      `${outcome.where}, dry run: nothing changed`,
      ...steps.map((a) => `would ${actionText(a)}`),
      tail,
    ].join("\n");
  const lines = [
    outcome.where,
    ...outcome.done.filter((a) => a.kind !== "leave").map((a) => `${pastText(a)}`),
  ];
  if (outcome.failed) {
    lines.push(`failed to ${actionText(outcome.failed.action)}`);
    const left = outcome.not_done.filter((a) => a.kind !== "leave");
    lines.push(...left.map((a) => `not done: ${actionText(a)}`));
    lines.push("what was done is recorded; run the sync again to do the rest");
  } else lines.push(tail);
  return lines.join("\n");
}

function actionText(action: TrackerAction): string {
  switch (action.kind) {
    case "create":
      return `create an issue: ${action.draft.title}`;
    case "adopt":
      return `link issue ${action.upstream.issue} (found by its marker): ${action.draft.title}`;
    case "update":
      return `update issue ${action.issue}: ${action.draft.title}`;
    case "close":
      return `close issue ${action.issue} (${action.recommendation_id})`;
    case "closed_upstream":
      return `record issue ${action.issue} closed in the tracker: ${action.recommendation_id} done, awaiting verification`;
    case "reopened_upstream":
      return `record issue ${action.issue} reopened in the tracker: ${action.recommendation_id} tracked again`;
    case "verified":
      return `record issue ${action.issue} verified: a later scan no longer finds the findings of ${action.recommendation_id}`;
    case "leave":
      return `leave issue ${action.issue}`;
  }
}

function pastText(action: TrackerAction): string {
  return actionText(action)
    .replace(/^create an issue/, "created an issue")
    .replace(/^link /, "linked ")
    .replace(/^update /, "updated ")
    .replace(/^close /, "closed ")
    .replace(/^record /, "recorded ");
}

export async function runRecommendationsDismiss(
  id: string,
  options: { reason: string; actor?: string; period?: string },
  command: Command,
): Promise<void> {
  const ctx = cliContext(command);
  const actor = options.actor ?? cliActor();
  await withStore(ctx, async (store) =>
    dismissRecommendation(
      store,
      createAuthStore(store),
      await periodRecommendations(store, ctx, options.period),
      {
        recommendation_id: id,
        reason: options.reason,
        dismissed_by: actor,
        dismissed_at: ctx.now,
      },
    ),
  );
  emit(
    `dismissed ${terminalText(id)} by ${terminalText(actor)}: the next sync closes its issues with the reason`,
    undefined,
  );
}

export async function runRecommendationsAssign(
  id: string,
  options: { owner: string; actor?: string; period?: string },
  command: Command,
): Promise<void> {
  const ctx = cliContext(command);
  const actor = options.actor ?? cliActor();
  await withStore(ctx, async (store) =>
    assignRecommendation(
      store,
      createAuthStore(store),
      await periodRecommendations(store, ctx, options.period),
      { recommendation_id: id, owner: options.owner, assigned_by: actor, assigned_at: ctx.now },
    ),
  );
  emit(
    `assigned ${terminalText(id)} to ${terminalText(options.owner.trim())} by ${terminalText(actor)}: the next sync assigns its issues to them`,
    undefined,
  );
}
