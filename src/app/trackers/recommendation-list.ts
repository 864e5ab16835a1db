import { SecmetricsError } from "../../model/errors.ts";
import type { Recommendation } from "../../review/recommendation.ts";
import type { Dismissal, RecommendationStatus, TrackerLink } from "../../review/tracker-issue.ts";
import { recommendationStatus } from "../../review/tracker-plan.ts";
import type { AuthStore } from "../../store/auth-store.ts";
import type { Store } from "../../store/store.ts";
import type { RecommendationImpact } from "./recommendation-impact.ts";
import { readDismissals, readLinks, saveDismissal } from "./tracker-links.ts";

/** One line of `secmetrics recommendations`. */
export interface RecommendationRow {
  id: string;
  title: string;
  priority: Recommendation["priority"];
  owner: string | null;
  status: RecommendationStatus;
  issues: { tracker: string; issue: string; url: string; state: "open" | "closed" }[];
  dismissal: { reason: string; by: string; at: string } | null;
  /** What its metric did since the work done on it, once done; null before. */
  impact: RecommendationImpact | null;
}

/**
 * Recommendations in the order given, each with its status, issues,
 * dismissal and, once acted on, its impact (`recommendationImpacts`).
 */
export async function listRecommendations(
  store: Store,
  recommendations: readonly Recommendation[],
  impacts: ReadonlyMap<string, RecommendationImpact> = new Map(),
): Promise<RecommendationRow[]> {
  const links = await readLinks(store);
  const dismissals = await readDismissals(store);
  return recommendations.map((recommendation) => {
    const own = links.filter((link) => link.recommendation_id === recommendation.id);
    const dismissal = dismissals.get(recommendation.id);
    const impact = impacts.get(recommendation.id) ?? null;
    return {
      id: recommendation.id,
      title: recommendation.title,
      priority: recommendation.priority,
      owner: recommendation.owner,
      status: recommendationStatus(own, dismissal, impact?.verdict),
      issues: own.filter((link) => link.cleared_at === null).map(issueOf),
      dismissal: dismissal ? dismissalOf(dismissal) : null,
      impact,
    };
  });
}

const issueOf = ({ tracker, issue, url, state }: TrackerLink) => ({ tracker, issue, url, state });
const dismissalOf = (d: Dismissal) => ({
  reason: d.reason,
  by: d.dismissed_by,
  at: new Date(d.dismissed_at).toISOString(),
});

/**
 * Sets a recommendation aside, with why and who: the next sync closes its
 * issues with that reason. Audited. Only a recommendation of the period
 * can be dismissed, so that a typo is not kept as a dismissal.
 */
export async function dismissRecommendation(
  store: Store,
  auth: AuthStore,
  recommendations: readonly Recommendation[],
  dismissal: Dismissal,
): Promise<void> {
  if (!recommendations.some((r) => r.id === dismissal.recommendation_id))
    throw new SecmetricsError(
      "not_found",
      `no recommendation ${dismissal.recommendation_id} in the period`,
      "`secmetrics recommendations` lists their ids",
    );
  await saveDismissal(store, dismissal);
  await auth.audit({
    at: dismissal.dismissed_at,
    actor: dismissal.dismissed_by,
    action: "recommendation.dismiss",
    target: dismissal.recommendation_id,
    detail: { reason: dismissal.reason },
    ip: null,
  });
}
