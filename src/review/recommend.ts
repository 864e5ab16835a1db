import type { MetricResult } from "../app/kpi-report.ts";
import type { TargetSplit } from "../domains/vulnerabilities/targets.ts";
import { formatQuantity, formatTarget } from "../model/format.ts";
import { CATEGORY_NAMES } from "../model/metric-definition.ts";

export type Priority = "High" | "Medium" | "Low";
export type RecommendationKind = "missed_target" | "worsening" | "stale" | "not_rescanned";

/** One row of the report's Recommendations table, specific enough to become a tracker issue. */
export interface Recommendation {
  /** Stable across runs for the same metric and kind, so a tracker export can update rather than duplicate. */
  id: string;
  metric_id: string;
  kind: RecommendationKind;
  category: string;
  title: string;
  priority: Priority;
  rationale: string;
  expected_impact: string;
  owner: string | null;
}

const PRIORITY_ORDER: Record<Priority, number> = { High: 0, Medium: 1, Low: 2 };

/**
 * Turns missed targets, worsening trends and stale sources into
 * recommendations, so each review ends with actions. Priority: High when a
 * target is missed and the trend is also worsening, or a must-be-zero target
 * is missed; Medium for any other missed target, worsening trend or stale
 * source. A metric with no data yields nothing: the report says so instead.
 */
export function recommend(metrics: readonly MetricResult[], periodId: string): Recommendation[] {
  const result: Recommendation[] = [];
  for (const metric of metrics) {
    const recommendation = recommendFor(metric, periodId);
    if (recommendation) result.push(recommendation);
    result.push(...notRescannedTargets(metric));
  }
  return result.sort(
    (a, b) =>
      PRIORITY_ORDER[a.priority] - PRIORITY_ORDER[b.priority] || a.metric_id.localeCompare(b.metric_id),
  );
}

function recommendFor(metric: MetricResult, periodId: string): Recommendation | null {
  const current = formatQuantity(metric.value, metric.unit);
  const history = historyText(metric, periodId);
  const base = { metric_id: metric.id, category: CATEGORY_NAMES[metric.category], owner: metric.owner };
  if (metric.status === "stale") {
    return {
      ...base,
      id: `${metric.id}:stale`,
      kind: "stale",
      title: `Restore the data feed behind ${inSentence(metric.name)}`,
      priority: "Medium",
      rationale: `${metric.reason ?? "sources have not reported within their cadence"}; a control that fails silently looks like a good number`,
      expected_impact: `${metric.name} is measured again every period`,
    };
  }
  const worsening = metric.trend === "worsening";
  if (metric.status === "missed") {
    const mustBeZero = metric.target?.op === "==" && metric.target.value === 0;
    const target = formatTarget(metric.target, metric.unit);
    return {
      ...base,
      id: `${metric.id}:missed_target`,
      kind: "missed_target",
      title: `${verb(metric)} ${inSentence(metric.name)} to ${target} (now ${current})`,
      priority: worsening || mustBeZero ? "High" : "Medium",
      rationale: `${metric.name} is ${current} against a target of ${target}${worsening ? ` and worsening (${metric.trend_detail.reason})` : ""}; ${history}`,
      expected_impact: `${metric.name} meets its target of ${target}`,
    };
  }
  if (worsening) {
    return {
      ...base,
      id: `${metric.id}:worsening`,
      kind: "worsening",
      title: `Find and fix what is worsening ${inSentence(metric.name)} (now ${current})`,
      priority: "Medium",
      rationale: `${metric.trend_detail.reason}; ${history}`,
      expected_impact: `${metric.name} returns within its natural process limits${metric.target ? ` and keeps its target of ${formatTarget(metric.target, metric.unit)}` : ""}`,
    };
  }
  return null;
}

/**
 * One recommendation per scan target whose scanner stopped looking at it:
 * its findings still count as open, but nothing has confirmed them since.
 */
function notRescannedTargets(metric: MetricResult): Recommendation[] {
  if (metric.id !== "open_vulnerabilities") return [];
  const { targets_not_rescanned: targets = [] } = metric.details as Partial<TargetSplit>;
  return targets.map((t) => {
    const lastScan = t.last_scan_at.slice(0, 10);
    const findings = `${t.open} open finding${t.open === 1 ? "" : "s"}`;
    const severities = Object.entries(t.by_severity)
      .map(([severity, count]) => `${count} ${severity}`)
      .join(", ");
    return {
      id: `${metric.id}:not_rescanned:${t.target}:${t.tool}`,
      metric_id: metric.id,
      kind: "not_rescanned",
      category: CATEGORY_NAMES[metric.category],
      title: `Rescan ${t.target} with ${t.tool}, or retire it (last scan ${lastScan})`,
      priority: "Medium",
      rationale: `${t.tool} last scanned ${t.target} on ${lastScan}, ${t.days_since_last_scan} days before the period's end; it has ${findings} (${severities}), still counted as open though no scan has confirmed or fixed any since. If the target is gone: secmetrics targets retire ${t.target}`,
      expected_impact: `${metric.name} counts only findings a scanner still sees: the ${findings} confirmed by a new scan, or no longer counted once the target is retired`,
      owner: metric.owner,
    };
  });
}

/** "Mean time to detect" → "mean time to detect", but "SAST findings" and "P0/P1 incidents" stay as they are. */
function inSentence(name: string): string {
  return /^[A-Z][a-z]/.test(name) ? name[0]?.toLowerCase() + name.slice(1) : name;
}

function verb(metric: MetricResult): string {
  if (metric.direction === "up") return "Raise";
  if (metric.direction === "zero") return "Bring";
  return "Reduce";
}

function historyText(metric: MetricResult, periodId: string): string {
  const points = [...metric.history, { period: periodId, value: metric.value }]
    .filter((point) => point.value !== null)
    .map((point) => `${point.period} ${formatQuantity(point.value, metric.unit)}`);
  return `history: ${points.join(", ")}`;
}
