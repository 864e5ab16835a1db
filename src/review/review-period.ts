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
  const periods = metrics[0]?.history.map((point) => point.period) ?? [];
  return periods.map((period, index) => {
    const asThen = metrics.map((metric): MetricResult => {
      const point = metric.history[index];
      const status = point?.status ?? "no_data";
      const trend = point?.trend ?? "insufficient_data";
      return {
        ...metric,
        value: point?.value ?? null,
        status,
        trend,
        history: metric.history.slice(0, index),
      };
    });
    const assessment = assessPosture(asThen, recommend(asThen, { periodId: period, at }));
    return posturePoint(period, asThen, assessment);
  });
}
