import { ACTION_ITEM, type ActionItem } from "../../domains/action-items/records.ts";
import { type PeriodContext, parsePeriod } from "../../model/period.ts";
import { actedOn } from "../../review/acted-on.ts";
import { type Impact, type ImpactPoint, judgeImpact } from "../../review/impact.ts";
import type { Recommendation, RecommendationKind } from "../../review/recommendation.ts";
import type { Store } from "../../store/store.ts";
import type { KpiReport } from "../kpi-report.ts";
import { readLinks } from "./tracker-links.ts";

/** What happened to a recommendation's metric since the work done on it. */
export interface RecommendationImpact extends Impact {
  recommendation_id: string;
  acted_on: { at: string; how: string };
}

/** A recommendation acted on, as it read when it was made, with what happened since. */
export interface ActedOnRecommendation {
  recommendation: Recommendation;
  impact: RecommendationImpact;
}

/**
 * The kinds whose work should move the metric's value. A restored feed, a
 * rescanned target or a registered exception is seen in the data itself,
 * not in a shift, so those stay awaiting verification once done.
 */
const JUDGED_KINDS: ReadonlySet<RecommendationKind> = new Set(["missed_target", "worsening"]);

/**
 * The impact of each of `recommendations` acted on before the period's end
 * (or now, for a running period): its metric's series in `kpis`, the
 * history and the period, judged from when the work was done (`actedOn`).
 */
export async function recommendationImpacts(
  store: Store,
  kpis: KpiReport,
  recommendations: readonly Recommendation[],
  periods: PeriodContext,
): Promise<Map<string, RecommendationImpact>> {
  const until = Math.min(kpis.period.end, kpis.generated_at);
  const acted = actedOn(
    await readLinks(store),
    await store.snapshot<ActionItem>(ACTION_ITEM.kind, kpis.period.end),
  );
  const impacts = new Map<string, RecommendationImpact>();
  for (const recommendation of recommendations) {
    const work = acted.get(recommendation.id);
    const metric = kpis.metrics.find((m) => m.id === recommendation.metric_id);
    if (!work || work.at >= until || !metric || !JUDGED_KINDS.has(recommendation.kind)) continue;
    const current = { period: kpis.period.id, value: metric.status === "stale" ? null : metric.value };
    const series = [...metric.history, current].map((point): ImpactPoint => {
      const { start, end } =
        point.period === kpis.period.id ? kpis.period : parsePeriod(point.period, periods);
      return { period: point.period, start, end, value: point.value };
    });
    const day = new Date(work.at).toISOString().slice(0, 10);
    impacts.set(recommendation.id, {
      recommendation_id: recommendation.id,
      acted_on: { at: new Date(work.at).toISOString(), how: work.how },
      ...judgeImpact(series, work.at, metric, `${work.how} on ${day}`),
    });
  }
  return impacts;
}

/** `recommendations` acted on with their impacts, the latest work first. */
export function withImpacts(
  recommendations: readonly Recommendation[],
  impacts: ReadonlyMap<string, RecommendationImpact>,
): ActedOnRecommendation[] {
  return recommendations
    .flatMap((recommendation) => {
      const impact = impacts.get(recommendation.id);
      return impact ? [{ recommendation, impact }] : [];
    })
    .sort((a, b) => b.impact.acted_on.at.localeCompare(a.impact.acted_on.at));
}
