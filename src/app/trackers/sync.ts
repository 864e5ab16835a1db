import { SecmetricsError } from "../../model/errors.ts";
import { type DraftOptions, issueDraft, type UpgradeTask } from "../../review/issue-draft.ts";
import type { Recommendation } from "../../review/recommendation.ts";
import type { TrackerAction, TrackerLink, UpstreamIssue } from "../../review/tracker-issue.ts";
import { planSync } from "../../review/tracker-plan.ts";
import { upgradeDraft } from "../../review/upgrade-draft.ts";
import type { UpgradePiece } from "../../review/upgrade-piece.ts";
import { planUpgradeSync, upgradeDismissals } from "../../review/upgrade-plan.ts";
import { isUpgradeId, withParentOwners } from "../../review/upgrade-split.ts";
import type { Store } from "../../store/store.ts";
import type { TrackerAdapter } from "./tracker-adapter.ts";
import { readAssignments, readDismissals, readLinks, saveLink, withAssignedOwners } from "./tracker-links.ts";

/** What a sync did: its plan, the steps done, and the one that failed with the steps left. */
export interface SyncOutcome {
  where: string;
  dry_run: boolean;
  planned: TrackerAction[];
  done: TrackerAction[];
  failed: { action: TrackerAction; error: SecmetricsError } | null;
  /** Steps not tried because one failed before them. */
  not_done: TrackerAction[];
}

/**
 * Brings one tracker in line with the recommendations: reads the store's
 * links and the tracker's issues, plans (`planSync`, pure), then applies the
 * plan one step at a time, recording each step in the store as soon as the
 * tracker confirms it. Upgrades, when given, are planned and applied first
 * (`planUpgradeSync`), each an issue of its own; then the recommendations,
 * whose issues list their upgrades' as a checklist. A step that fails stops the sync: what was done is
 * recorded, what was not is said, and a re-run plans only what is left.
 */
export async function syncRecommendations(
  store: Store,
  adapter: TrackerAdapter,
  recommendations: readonly Recommendation[],
  options: DraftOptions & {
    dryRun: boolean;
    now: number;
    /** The upgrades the recommendations split into, each filed as an issue of its own; none: not split. */
    upgrades?: readonly UpgradePiece[];
  },
): Promise<SyncOutcome> {
  // An owner assigned by hand replaces the catalog's, so the issue goes to them.
  const owned = withAssignedOwners(recommendations, await readAssignments(store));
  const pieces = withParentOwners(options.upgrades ?? [], owned);
  const links = new Map((await readLinks(store, adapter.name)).map((link) => [link.recommendation_id, link]));
  const ids = [...new Set([...owned.map((r) => r.id), ...pieces.map((p) => p.id), ...links.keys()])];
  const upstream = await upstreamIssues(adapter, await adapter.list(ids), links);
  const dismissals = await readDismissals(store);
  const outcome: SyncOutcome = {
    where: adapter.where,
    dry_run: options.dryRun,
    planned: [],
    done: [],
    failed: null,
    not_done: [],
  };
  const run = async (plan: TrackerAction[]) => {
    outcome.planned.push(...plan);
    if (options.dryRun) return;
    // A step failed before this plan: none of it is tried.
    if (outcome.failed) {
      outcome.not_done.push(...plan);
      return;
    }
    for (const [index, action] of plan.entries()) {
      try {
        await apply(store, adapter, links, action, options.now);
        outcome.done.push(action);
      } catch (error) {
        if (!(error instanceof SecmetricsError)) throw error;
        outcome.failed = { action, error };
        outcome.not_done = plan.slice(index + 1);
        return;
      }
    }
  };
  // The upgrades first, so that the recommendations' checklists link the issues they got.
  if (options.upgrades)
    await run(
      planUpgradeSync({
        drafts: pieces.map((piece) => upgradeDraft(piece, options)),
        links: only(links, isUpgradeId),
        upstream,
        dismissals: upgradeDismissals(pieces, dismissals),
      }),
    );
  await run(
    planSync({
      drafts: owned.map((r) => issueDraft(r, options, upgradeTasks(r.id, pieces, links))),
      links: only(links, (id) => !isUpgradeId(id)),
      upstream,
      dismissals,
    }),
  );
  return outcome;
}

/** Each upgrade of a recommendation as a task of its issue: the upgrade's issue, checked once closed. */
function upgradeTasks(
  recommendationId: string,
  pieces: readonly UpgradePiece[],
  links: ReadonlyMap<string, TrackerLink>,
): UpgradeTask[] {
  return pieces
    .filter((piece) => piece.parent_ids.includes(recommendationId))
    .map((piece) => {
      const link = links.get(piece.id);
      const live = link?.cleared_at === null ? link : undefined;
      return { title: piece.title, url: live?.url ?? null, done: live?.state === "closed" };
    });
}

function only(links: ReadonlyMap<string, TrackerLink>, keep: (id: string) => boolean) {
  return new Map([...links].filter(([id]) => keep(id)));
}

/**
 * Each recommendation's issue in the tracker: the one the store links (read
 * by its number or key when the list does not show it, as a search that
 * lags behind may not), else the open one carrying its marker, else any.
 */
async function upstreamIssues(
  adapter: TrackerAdapter,
  listed: readonly UpstreamIssue[],
  links: ReadonlyMap<string, TrackerLink>,
): Promise<Map<string, UpstreamIssue>> {
  const found = new Map<string, UpstreamIssue>();
  for (const issue of listed) {
    const link = links.get(issue.recommendation_id);
    const held = found.get(issue.recommendation_id);
    const better = link
      ? issue.issue === link.issue
      : !held || (held.state === "closed" && issue.state === "open");
    if (better) found.set(issue.recommendation_id, issue);
  }
  for (const link of links.values()) {
    if (found.get(link.recommendation_id)?.issue === link.issue) continue;
    const issue = await adapter.get(link.issue, link.recommendation_id);
    if (issue) found.set(link.recommendation_id, issue);
    else found.delete(link.recommendation_id);
  }
  return found;
}

async function apply(
  store: Store,
  adapter: TrackerAdapter,
  links: Map<string, TrackerLink>,
  action: TrackerAction,
  now: number,
): Promise<void> {
  const save = async (link: TrackerLink) => {
    await saveLink(store, link);
    links.set(link.recommendation_id, link);
  };
  const linked = (id: string): TrackerLink => {
    const link = links.get(id);
    if (!link) throw new Error(`no link for ${id}`);
    return { ...link, updated_at: now };
  };
  const fresh = { tracker: adapter.name, cleared_at: null, updated_at: now };
  switch (action.kind) {
    case "create": {
      const issue = await adapter.create(action.draft);
      return save({ ...fresh, ...issue, state: "open", fingerprint: action.draft.fingerprint });
    }
    case "adopt":
      await adapter.update(action.upstream.issue, action.draft);
      return save({ ...fresh, ...action.upstream, fingerprint: action.draft.fingerprint });
    case "update":
      await adapter.update(action.issue, action.draft);
      return save({ ...linked(action.draft.recommendation_id), fingerprint: action.draft.fingerprint });
    case "close":
      await adapter.close(action.issue, action.comment, action.because);
      return save({ ...linked(action.recommendation_id), state: "closed", cleared_at: now });
    case "closed_upstream":
      return save({ ...linked(action.recommendation_id), state: "closed" });
    case "reopened_upstream":
      return save({ ...linked(action.recommendation_id), state: "open" });
    case "verified":
      return save({ ...linked(action.recommendation_id), state: "closed", cleared_at: now });
    case "leave":
      return;
  }
}
