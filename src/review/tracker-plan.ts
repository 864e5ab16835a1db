import { type ImpactVerdict, STATUS_OF_VERDICT } from "./impact.ts";
import type {
  CloseReason,
  Dismissal,
  IssueDraft,
  RecommendationStatus,
  TrackerAction,
  TrackerLink,
  UpstreamIssue,
} from "./tracker-issue.ts";

/** What one sync plans from: the issues wanted now, what the store links, what the tracker holds. */
export interface SyncState {
  /** One draft per recommendation of the period, dismissed ones included. */
  drafts: readonly IssueDraft[];
  /** The store's links for this tracker, by recommendation id. */
  links: ReadonlyMap<string, TrackerLink>;
  /** The tracker's issues, by recommendation id; a linked issue absent here was deleted. */
  upstream: ReadonlyMap<string, UpstreamIssue>;
  dismissals: ReadonlyMap<string, Dismissal>;
}

/**
 * The steps that bring the tracker and the store in line with the
 * recommendations, without doing any: like a release plan, computed from
 * state alone so that a re-run after a failure plans only what is left.
 * Recommendations come first in their rank order, then the links whose
 * recommendation is gone, in id order.
 */
export function planSync({ drafts, links, upstream, dismissals }: SyncState): TrackerAction[] {
  const current = new Set(drafts.map((draft) => draft.recommendation_id));
  const forDrafts = drafts.flatMap((draft) => {
    const dismissal = dismissals.get(draft.recommendation_id);
    const link = links.get(draft.recommendation_id);
    if (dismissal)
      return link
        ? closeIfOpen(link, upstream, { comment: dismissedComment(dismissal), because: "dismissed" })
        : [];
    return planDraft(draft, link, upstream.get(draft.recommendation_id));
  });
  const forCleared = [...links.values()]
    .filter((link) => !current.has(link.recommendation_id))
    .sort((a, b) => a.recommendation_id.localeCompare(b.recommendation_id))
    .flatMap((link) => closeIfOpen(link, upstream, { comment: CLEARED_COMMENT, because: "cleared" }));
  return [...forDrafts, ...forCleared];
}

export const CLEARED_COMMENT =
  "secmetrics no longer sees the condition behind this recommendation: closing. Its metric is checked again in the next periods.";

function dismissedComment(dismissal: Dismissal): string {
  return `Dismissed in secmetrics by ${dismissal.dismissed_by}: ${dismissal.reason}`;
}

function planDraft(
  draft: IssueDraft,
  link: TrackerLink | undefined,
  issue: UpstreamIssue | undefined,
): TrackerAction[] {
  const id = draft.recommendation_id;
  // A linked issue that is gone, or one closed after its condition cleared that now holds again: a new issue.
  if (!issue || (link?.cleared_at != null && issue.issue === link.issue)) return [{ kind: "create", draft }];
  if (!link || link.issue !== issue.issue) return [{ kind: "adopt", draft, upstream: issue }];
  if (issue.state === "closed") {
    return link.state === "open"
      ? [{ kind: "closed_upstream", recommendation_id: id, issue: issue.issue }]
      : [{ kind: "leave", recommendation_id: id, issue: issue.issue }];
  }
  const reopened: TrackerAction[] =
    link.state === "closed" ? [{ kind: "reopened_upstream", recommendation_id: id, issue: issue.issue }] : [];
  const changed = link.fingerprint !== draft.fingerprint;
  return [
    ...reopened,
    changed
      ? { kind: "update", draft, issue: issue.issue }
      : { kind: "leave", recommendation_id: id, issue: issue.issue },
  ];
}

/** Closes a linked issue that is still open; one closed in the tracker meanwhile is recorded as such. */
function closeIfOpen(
  link: TrackerLink,
  upstream: ReadonlyMap<string, UpstreamIssue>,
  closing: { comment: string; because: CloseReason },
): TrackerAction[] {
  if (link.cleared_at !== null) return [];
  const issue = upstream.get(link.recommendation_id);
  if (!issue || issue.issue !== link.issue) return [];
  const id = link.recommendation_id;
  if (issue.state === "open")
    return [{ kind: "close", recommendation_id: id, issue: issue.issue, ...closing }];
  return link.state === "open"
    ? [{ kind: "closed_upstream", recommendation_id: id, issue: issue.issue }]
    : [];
}

/**
 * A recommendation's status from what the store knows: dismissed wins; work
 * done on it and judged (`verdict`, see `impact.ts`) is verified effective,
 * verified without effect, or still awaiting verification; otherwise an
 * issue closed in a tracker while the condition held is done, awaiting
 * verification, and an open one is tracked.
 */
export function recommendationStatus(
  links: readonly TrackerLink[],
  dismissal: Dismissal | undefined,
  verdict?: ImpactVerdict,
): RecommendationStatus {
  if (dismissal) return "dismissed";
  if (verdict) return STATUS_OF_VERDICT[verdict];
  const live = links.filter((link) => link.cleared_at === null);
  if (live.some((link) => link.state === "open")) return "tracked";
  if (live.length > 0) return "done_awaiting_verification";
  return "new";
}
