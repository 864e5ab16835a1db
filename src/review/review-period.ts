import type { KpiReport, MetricResult } from "../app/kpi-report.ts";
import type { DrillRow } from "../domains/drill-row.ts";
import {
  assessPosture,
  type PostureAssessment,
  type PosturePoint,
  posturePoint,
  summarizeTrends,
  type TrendSummary,
} from "./posture.ts";
import { recommend } from "./recommend.ts";
import type { Recommendation } from "./recommendation.ts";

/** The posture of a period with its trend summary and the posture of each period of its history. */
export interface PostureReview extends PostureAssessment {
  trend: TrendSummary;
  /** The history periods and this one, oldest first. */
  history: PosturePoint[];
}

/** The review of one period, computed once and shown by every report, the dashboard and the API alike. */
export interface PeriodReview {
  recommendations: Recommendation[];
  posture: PostureReview;
}

/**
 * Recommendations, overall risk and trend summary for the period of `kpis`.
 * `records` are the drill-down rows of the metrics to recommend on (see
 * `metricsToDrill`), so that actions name their records.
 */
export function reviewPeriod(
  kpis: KpiReport,
  records?: ReadonlyMap<string, readonly DrillRow[]>,
): PeriodReview {
  const at = Math.min(kpis.generated_at, kpis.period.end);
  const recommendations = recommend(kpis.metrics, { periodId: kpis.period.id, at, records });
  const posture = assessPosture(kpis.metrics, recommendations);
  return {
    recommendations,
    posture: {
      ...posture,
      trend: summarizeTrends(kpis.metrics),
      history: [...pastPostures(kpis.metrics, at), posturePoint(kpis.period.id, kpis.metrics, posture)],
    },
  };
}

/** The metrics that get a recommendation, whose records are worth loading. */
export function metricsToDrill(kpis: KpiReport): string[] {
  const at = Math.min(kpis.generated_at, kpis.period.end);
  return recommend(kpis.metrics, { periodId: kpis.period.id, at }).map((r) => r.metric_id);
}

/**
 * Each history period assessed with the same rules, on the values, target
 * statuses and trends `computeKpis` judged for it from the periods shown up
 * to it. The oldest periods shown have less history behind them than in
 * their own report, so their trends and persistence may read milder. No
 * store read: the records are not needed to rank, only to name.
 */
function pastPostures(metrics: readonly MetricResult[], at: number): PosturePoint[] {
  return historyPeriods(metrics).map((period, index) => {
    const asThen = metricsAsOf(metrics, index);
    const assessment = assessPosture(asThen, recommend(asThen, { periodId: period, at }));
    return posturePoint(period, asThen, assessment);
  });
}

/**
 * The recommendations of the periods shown, each id once as its latest
 * period made it: the history periods reviewed as `pastPostures` reviews
 * them (no records named), then `current`, the period's own. Work done on
 * a recommendation often clears it, so the one acted on is found here
 * rather than among the period's.
 */
export function recommendationsShown(kpis: KpiReport, current: readonly Recommendation[]): Recommendation[] {
  const at = Math.min(kpis.generated_at, kpis.period.end);
  const latest = new Map<string, Recommendation>();
  historyPeriods(kpis.metrics).forEach((period, index) => {
    for (const recommendation of recommend(metricsAsOf(kpis.metrics, index), { periodId: period, at }))
      latest.set(recommendation.id, recommendation);
  });
  for (const recommendation of current) latest.set(recommendation.id, recommendation);
  return [...latest.values()];
}

const historyPeriods = (metrics: readonly MetricResult[]) =>
  metrics[0]?.history.map((point) => point.period) ?? [];

/** The metrics as the history period at `index` saw them: its value, status and trend, and the history before it. */
function metricsAsOf(metrics: readonly MetricResult[], index: number): MetricResult[] {
  return metrics.map((metric): MetricResult => {
    const point = metric.history[index];
    return {
      ...metric,
      value: point?.value ?? null,
      status: point?.status ?? "no_data",
      trend: point?.trend ?? "insufficient_data",
      history: metric.history.slice(0, index),
    };
  });
}
