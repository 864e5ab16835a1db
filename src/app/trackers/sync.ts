import { SecmetricsError } from "../../model/errors.ts";
import { type DraftOptions, issueDraft } from "../../review/issue-draft.ts";
import type { Recommendation } from "../../review/recommendation.ts";
import type { TrackerAction, TrackerLink, UpstreamIssue } from "../../review/tracker-issue.ts";
import { planSync } from "../../review/tracker-plan.ts";
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
 * tracker confirms it. A step that fails stops the sync: what was done is
 * recorded, what was not is said, and a re-run plans only what is left.
 */
export async function syncRecommendations(
  store: Store,
  adapter: TrackerAdapter,
  recommendations: readonly Recommendation[],
  options: DraftOptions & { dryRun: boolean; now: number },
): Promise<SyncOutcome> {
  // An owner assigned by hand replaces the catalog's, so the issue goes to them.
  const owned = withAssignedOwners(recommendations, await readAssignments(store));
  const drafts = owned.map((recommendation) => issueDraft(recommendation, options));
  const links = new Map((await readLinks(store, adapter.name)).map((link) => [link.recommendation_id, link]));
  const ids = [...new Set([...drafts.map((draft) => draft.recommendation_id), ...links.keys()])];
  const upstream = await upstreamIssues(adapter, await adapter.list(ids), links);
  const planned = planSync({ drafts, links, upstream, dismissals: await readDismissals(store) });
  const outcome: SyncOutcome = {
    where: adapter.where,
    dry_run: options.dryRun,
    planned,
    done: [],
    failed: null,
    not_done: [],
  };
  if (options.dryRun) return outcome;
  for (const [index, action] of planned.entries()) {
    try {
      await apply(store, adapter, links, action, options.now);
      outcome.done.push(action);
    } catch (error) {
      if (!(error instanceof SecmetricsError)) throw error;
      outcome.failed = { action, error };
      outcome.not_done = planned.slice(index + 1);
      break;
    }
  }
  return outcome;
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
    case "leave":
      return;
  }
}
