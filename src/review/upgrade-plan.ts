import type { Dismissal, RecommendationStatus, TrackerAction, TrackerLink } from "./tracker-issue.ts";
import { planSync, type SyncState } from "./tracker-plan.ts";
import type { UpgradePiece } from "./upgrade-piece.ts";

/**
 * The steps for the upgrades' issues: `planSync`'s (a new upgrade filed,
 * one whose CVE list changed updated, one whose findings are all fixed or
 * retired closed, closing and reopening in the tracker recorded), and one
 * more. An upgrade closed in the tracker stays done, awaiting verification,
 * until a later scan no longer finds its findings: then it is verified.
 */
export function planUpgradeSync(state: SyncState): TrackerAction[] {
  const current = new Set(state.drafts.map((draft) => draft.recommendation_id));
  const verified = [...state.links.values()]
    .filter((link) => !current.has(link.recommendation_id) && link.cleared_at === null)
    .sort((a, b) => a.recommendation_id.localeCompare(b.recommendation_id))
    .flatMap((link): TrackerAction[] => {
      const issue = state.upstream.get(link.recommendation_id);
      return issue?.issue === link.issue && issue.state === "closed"
        ? [{ kind: "verified", recommendation_id: link.recommendation_id, issue: issue.issue }]
        : [];
    });
  return [...planSync(state), ...verified];
}

/** An upgrade is set aside with its recommendations: when every one it is part of is dismissed, as the first was. */
export function upgradeDismissals(
  pieces: readonly UpgradePiece[],
  dismissals: ReadonlyMap<string, Dismissal>,
): Map<string, Dismissal> {
  const dismissed = new Map<string, Dismissal>();
  for (const piece of pieces) {
    const of = piece.parent_ids.map((id) => dismissals.get(id));
    const [first] = of;
    if (first && of.every((dismissal) => dismissal))
      dismissed.set(piece.id, { ...first, recommendation_id: piece.id });
  }
  return dismissed;
}

/**
 * An upgrade's status from its links: dismissed with its recommendations;
 * verified once a sync saw its findings gone (its issue closed, by a person
 * or by the sync); done, awaiting verification, when closed in the tracker
 * while its findings are still found; tracked while its issue is open.
 */
export function upgradeStatus(
  links: readonly TrackerLink[],
  dismissal: Dismissal | undefined,
): RecommendationStatus {
  if (dismissal) return "dismissed";
  const live = links.filter((link) => link.cleared_at === null);
  if (live.some((link) => link.state === "open")) return "tracked";
  if (live.length > 0) return "done_awaiting_verification";
  return links.length > 0 ? "verified_effective" : "new";
}

/**
 * A recommendation split into upgrades stands where they stand: done,
 * awaiting verification, once each is done or verified; tracked while one
 * is; its own status otherwise. Dismissal and a judged impact, its own,
 * come first.
 */
export function splitStatus(
  own: RecommendationStatus,
  upgrades: readonly RecommendationStatus[],
): RecommendationStatus {
  if (own === "dismissed" || own.startsWith("verified_") || upgrades.length === 0) return own;
  const done = (status: RecommendationStatus) =>
    status === "done_awaiting_verification" || status.startsWith("verified_") || status === "dismissed";
  if (upgrades.every(done)) return "done_awaiting_verification";
  return upgrades.some((status) => status === "tracked") ? "tracked" : own;
}
