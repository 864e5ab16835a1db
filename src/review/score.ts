import type { HistoryPoint, MetricResult } from "../app/kpi-report.ts";
import type { Priority, RecommendationKind, ScoreBasis } from "./recommendation.ts";

/** Metrics where any count above zero is a critical item: one alone sets the overall risk to High. */
export const CRITICAL_WHEN_ABOVE_ZERO: readonly string[] = [
  "sev1_incidents",
  "open_critical_vulnerabilities",
];

/** At most this many recommendations are High, so High still means "this week". */
export const MAX_HIGH = 5;
/** The score a recommendation needs to be High: a critical item always has it, even improving. */
export const HIGH_SCORE = 8;
/** Below this score a recommendation is Low: a missed target that is already improving. */
const MEDIUM_SCORE = 2;
/** Persistence counts consecutive periods up to this many. */
const PERSISTENCE_CAP = 3;

/**
 * How urgent a metric's problem is: severity × persistence × trend.
 * Severity: 16 for a critical item (an open critical vulnerability, a SEV1
 * incident: twice the High score, so it stays High while improving), 4 for a zero-tolerance target missed (0, or 100%), 2 for another
 * missed target, a silent source or new contracts to monitor, 1 for a worsening trend alone.
 * Persistence: the consecutive periods with the problem, this one included,
 * up to 3. Trend: ×2 worsening, ×0.5 improving, else ×1.
 */
export function scoreBasis(metric: MetricResult, kind: RecommendationKind): ScoreBasis {
  return {
    severity: severity(metric, kind),
    persistence: persistence(metric, kind),
    trend: trendFactor(metric),
  };
}

export function scoreOf(basis: ScoreBasis): number {
  return basis.severity * basis.persistence * basis.trend;
}

function severity(metric: MetricResult, kind: RecommendationKind): number {
  if (CRITICAL_WHEN_ABOVE_ZERO.includes(metric.id) && (metric.value ?? 0) > 0) return 16;
  if (kind === "missed_target") return zeroTolerance(metric) ? 4 : 2;
  // A new contract no monitor watches yet is a blind spot, as a silent source is.
  return kind === "stale" || kind === "new_to_monitor" ? 2 : 1;
}

/** A target at the metric's best possible value: any single record breaks it. */
function zeroTolerance({ target, unit }: MetricResult): boolean {
  if (!target) return false;
  if (target.value === 0) return target.op === "==" || target.op === "<=";
  return unit === "percent" && target.value === 100 && target.op === ">=";
}

function persistence(metric: MetricResult, kind: RecommendationKind): number {
  // New records are new once: each period's are others.
  if (kind === "new_to_monitor") return 1;
  const hasProblem = (point: Pick<HistoryPoint, "status" | "trend">) => {
    if (kind === "stale") return point.status === "stale";
    return kind === "missed_target" ? point.status === "missed" : point.trend === "worsening";
  };
  let periods = 1;
  for (const point of [...metric.history].reverse()) {
    if (periods >= PERSISTENCE_CAP || !hasProblem(point)) break;
    periods += 1;
  }
  return periods;
}

function trendFactor(metric: MetricResult): number {
  if (metric.trend === "worsening") return 2;
  return metric.trend === "improving" ? 0.5 : 1;
}

/**
 * Ranks by score (ties: the more severe, then by metric id, so the order is
 * stable) and gives the priorities: the top `MAX_HIGH` with at least
 * `HIGH_SCORE` are High, the rest Medium, or Low below a score of 2.
 */
export function rankByScore<T extends { score: number; score_basis: ScoreBasis; metric_id: string }>(
  items: readonly T[],
): (T & { priority: Priority })[] {
  const ranked = [...items].sort(
    (a, b) =>
      b.score - a.score ||
      b.score_basis.severity - a.score_basis.severity ||
      a.metric_id.localeCompare(b.metric_id),
  );
  let high = 0;
  return ranked.map((item) => {
    let priority: Priority = item.score >= MEDIUM_SCORE ? "Medium" : "Low";
    if (item.score >= HIGH_SCORE && high < MAX_HIGH) {
      priority = "High";
      high += 1;
    }
    return { ...item, priority };
  });
}
