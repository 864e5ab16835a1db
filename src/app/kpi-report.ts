import type { ResolvedMetric } from "../catalog/resolve.ts";
import type { MetricValue } from "../domains/metric-value.ts";
import type { Period } from "../model/period.ts";
import type { Trend, TrendVerdict } from "../trends/index.ts";

export type MetricStatus = "met" | "missed" | "no_target" | "no_data" | "stale";

/**
 * A past period judged on the periods shown up to it: its value, its target
 * status (`stale`, with a null value, when its data had ended more than the
 * cadence before its end) and the trend of the series up to it.
 */
export interface HistoryPoint {
  period: string;
  value: number | null;
  status: MetricStatus;
  trend: Trend;
}

/** A metric's definition as configured, its value for the period, and its judgement. */
export interface MetricResult
  extends Omit<ResolvedMetric, "sources" | "cadence_seconds" | "hidden" | "manual_only">,
    MetricValue {
  status: MetricStatus;
  trend: Trend;
  /** The previous periods, oldest first (the current value is `value`). */
  history: HistoryPoint[];
  /** Why the value is missing or stale; null when it is neither. */
  reason: string | null;
  trend_detail: TrendVerdict;
  /** When a source of the metric was last imported: provenance only, it does not make the data fresh. */
  last_import_at: number | null;
  /** Where the metric's data ends (its family's latest record); null when it has none. Staleness is judged from it. */
  data_end: number | null;
  sources: readonly string[];
}

export interface KpiReport {
  period: { id: string; kind: Period["kind"]; start: number; end: number };
  generated_at: number;
  metrics: MetricResult[];
}
