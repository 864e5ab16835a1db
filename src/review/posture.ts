import type { MetricResult } from "../app/kpi-report.ts";
import type { Trend } from "../trends/index.ts";
import type { Recommendation } from "./recommendation.ts";
import { CRITICAL_WHEN_ABOVE_ZERO } from "./score.ts";

export type RiskLevel = "High" | "Medium" | "Low" | "Unknown";

export interface PostureAssessment {
  level: RiskLevel;
  /** The rule that set the level, quoted in the report so the level can be checked. */
  rule: string;
  /** The facts that triggered it. */
  reasons: string[];
  /**
   * The metrics the level rests on: every metric a reason cites, and every
   * metric missing its target, worsening or stale. A report that quotes the
   * level shows each of them.
   */
  metric_ids: string[];
}

/** How many measured metrics have each trend verdict, and the same in words. */
export interface TrendSummary {
  counts: Record<Trend, number>;
  /** "7 worsening, 1 improving, 20 stable", "baseline set" when every one is new, "no data". */
  text: string;
}

/** One period of the posture trend, assessed on the periods shown up to it. */
export interface PosturePoint {
  period: string;
  level: RiskLevel;
  met: number;
  missed: number;
  worsening: number;
}

export const RISK_RULE =
  "High: a critical (SEV1/P0) production incident, an open critical vulnerability, or any High-priority recommendation; " +
  "Medium: any missed target, worsening trend or stale source; Low: every measured metric meets its target and none is worsening; " +
  "Unknown: nothing measured yet.";

export function assessPosture(
  metrics: readonly MetricResult[],
  recommendations: readonly Recommendation[],
): PostureAssessment {
  const measured = metrics.filter((m) => m.value !== null || m.status === "stale");
  const concerning = metrics
    .filter((m) => m.status === "missed" || m.status === "stale" || m.trend === "worsening")
    .map((m) => m.id);
  if (measured.length === 0)
    return { level: "Unknown", rule: RISK_RULE, reasons: ["no metric has data yet"], metric_ids: [] };
  const critical = metrics.filter((m) => CRITICAL_WHEN_ABOVE_ZERO.includes(m.id) && (m.value ?? 0) > 0);
  const highRecommendations = recommendations.filter((r) => r.priority === "High");
  const high = [
    ...critical.map((m) => `${m.name}: ${m.value}`),
    ...highRecommendations.map((r) => `High-priority: ${r.title}`),
  ];
  const cited = [...critical.map((m) => m.id), ...highRecommendations.map((r) => r.metric_id)];
  const metric_ids = [...new Set([...cited, ...concerning])];
  if (high.length > 0) return { level: "High", rule: RISK_RULE, reasons: high, metric_ids };
  const medium = [
    ...metrics.filter((m) => m.status === "missed").map((m) => `${m.name} missed its target`),
    ...metrics.filter((m) => m.trend === "worsening").map((m) => `${m.name} is worsening`),
    ...metrics.filter((m) => m.status === "stale").map((m) => `${m.name} is stale`),
  ];
  if (medium.length > 0)
    return { level: "Medium", rule: RISK_RULE, reasons: [...new Set(medium)], metric_ids };
  return {
    level: "Low",
    rule: RISK_RULE,
    reasons: [`${measured.length} measured metrics meet their targets or have none`],
    metric_ids,
  };
}

const TREND_ORDER: Trend[] = ["worsening", "improving", "stable", "baseline_set", "insufficient_data"];
const TREND_WORDS: Record<Trend, string> = {
  worsening: "worsening",
  improving: "improving",
  stable: "stable",
  baseline_set: "baseline set",
  insufficient_data: "too little history",
};

/** The trend verdicts of the metrics that have a current value: one count for every report, the dashboard and the API. */
export function summarizeTrends(metrics: readonly Pick<MetricResult, "value" | "trend">[]): TrendSummary {
  const measured = metrics.filter((m) => m.value !== null);
  const counts = Object.fromEntries(
    TREND_ORDER.map((trend) => [trend, measured.filter((m) => m.trend === trend).length]),
  ) as Record<Trend, number>;
  let text = TREND_ORDER.flatMap((trend) =>
    counts[trend] > 0 ? [`${counts[trend]} ${TREND_WORDS[trend]}`] : [],
  ).join(", ");
  if (measured.length === 0) text = "no data";
  else if (counts.baseline_set === measured.length) text = "baseline set";
  return { counts, text };
}

/** The met, missed and worsening counts of one period's metrics, with its assessed level. */
export function posturePoint(
  period: string,
  metrics: readonly MetricResult[],
  assessment: PostureAssessment,
): PosturePoint {
  const measured = metrics.filter((m) => m.value !== null);
  return {
    period,
    level: assessment.level,
    met: measured.filter((m) => m.status === "met").length,
    missed: measured.filter((m) => m.status === "missed").length,
    worsening: measured.filter((m) => m.trend === "worsening").length,
  };
}
