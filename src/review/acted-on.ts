import type { ActionItem } from "../domains/action-items/records.ts";
import type { TrackerLink } from "./tracker-issue.ts";

/** When and how work on a recommendation was done: the instant its metric is judged from. */
export interface ActedOn {
  at: number;
  /** "github issue 12 closed", "action item AI-7 verified". */
  how: string;
}

type ActionItemLink = Pick<ActionItem, "external_id" | "status" | "verified_at" | "ticket" | "origin_ref">;

/**
 * Each recommendation acted on, at the earliest of:
 * - its tracker issue closed in the tracker while the condition held (a
 *   link closed, not cleared by secmetrics), at the sync that saw it closed;
 * - an action item verified whose `ticket` is one of its issues (the URL, or
 *   the key of a Jira issue: a bare number names an issue in no particular
 *   repository) or whose `origin_ref` is the recommendation's id.
 * Verification, not completion, counts for an action item, as its metrics
 * count it.
 */
export function actedOn(
  links: readonly TrackerLink[],
  actionItems: readonly ActionItemLink[],
): Map<string, ActedOn> {
  const acted = new Map<string, ActedOn>();
  const keep = (id: string, candidate: ActedOn) => {
    const held = acted.get(id);
    if (!held || candidate.at < held.at) acted.set(id, candidate);
  };
  const recommendationOfTicket = new Map<string, string>();
  for (const link of links) {
    recommendationOfTicket.set(link.url, link.recommendation_id);
    if (!/^\d+$/.test(link.issue)) recommendationOfTicket.set(link.issue, link.recommendation_id);
    if (link.state === "closed" && link.cleared_at === null)
      keep(link.recommendation_id, {
        at: link.updated_at,
        how: `${link.tracker} issue ${link.issue} closed`,
      });
  }
  for (const item of actionItems) {
    if (item.status !== "done" || item.verified_at === null) continue;
    const ids = new Set([
      ...(item.ticket ? [recommendationOfTicket.get(item.ticket)] : []),
      item.origin_ref ?? undefined,
    ]);
    for (const id of ids)
      if (id) keep(id, { at: item.verified_at, how: `action item ${item.external_id} verified` });
  }
  return acted;
}
