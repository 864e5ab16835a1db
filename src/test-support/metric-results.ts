import type { KpiReport, MetricResult, MetricStatus } from "../app/kpi-report.ts";
import type { MetricDefinition } from "../model/metric-definition.ts";
import { judgeTrend, targetMet } from "../trends/index.ts";

export interface MetricSpec {
  /** One value per period, oldest first; the last is the current period's. */
  series: readonly (number | null)[];
  owner?: string | null;
  n?: number;
  /** Makes the metric stale with this reason (its value is kept, as `computeKpis` keeps it). */
  stale?: string;
  /** Where the metric's data ends. */
  dataEnd?: number;
  /** Why there is no value, when the current one is null. */
  reason?: string;
}

/**
 * A metric result as `computeKpis` judges it: the target status and trend of
 * the current period and of each history period (on the series up to it).
 */
export function buildMetricResult(
  definition: MetricDefinition,
  periods: readonly string[],
  spec: MetricSpec,
): MetricResult {
  const series = periods.map((period, i) => ({ period, value: spec.series[i] ?? null }));
  const value = series.at(-1)?.value ?? null;
  const verdict = judgeTrend(series, definition.direction);
  const targetStatus = (v: number | null): Exclude<MetricStatus, "stale"> => {
    if (v === null) return "no_data";
    if (!definition.target) return "no_target";
    return targetMet(v, definition.target) ? "met" : "missed";
  };
  return {
    id: definition.id,
    name: definition.name,
    category: definition.category,
    description: definition.description,
    unit: definition.unit,
    direction: definition.direction,
    chart: definition.chart,
    target: definition.target,
    owner: spec.owner ?? null,
    value,
    n: spec.n ?? (value === null ? 0 : value),
    median: null,
    p90: null,
    open: null,
    oldest_open_age: null,
    status: spec.stale ? "stale" : targetStatus(value),
    trend: verdict.trend,
    history: series.slice(0, -1).map((point, index) => ({
      ...point,
      status: targetStatus(point.value),
      trend: judgeTrend(series.slice(0, index + 1), definition.direction).trend,
    })),
    reason: spec.stale ?? (value === null ? (spec.reason ?? "no data") : null),
    trend_detail: verdict,
    last_import_at: null,
    data_end: spec.dataEnd ?? null,
    sources: definition.sources,
    details: {},
  };
}

/** A month's report of the given metrics. */
export function buildKpiReport(
  periodId: string,
  start: number,
  end: number,
  metrics: MetricResult[],
  generatedAt = end,
): KpiReport {
  return { period: { id: periodId, kind: "month", start, end }, generated_at: generatedAt, metrics };
}
