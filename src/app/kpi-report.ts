import type { ResolvedMetric } from "../catalog/resolve.ts";
import type { Period } from "../model/period.ts";
import type { Trend, TrendVerdict } from "../trends/index.ts";

export type MetricStatus = "met" | "missed" | "no_target" | "no_data" | "stale";

export interface MetricResult
  extends Omit<ResolvedMetric, "sources" | "cadence_seconds" | "hidden" | "manual_only"> {
  value: number | null;
  n: number | null;
  median: number | null;
  p90: number | null;
  open: number | null;
  oldest_open_age: number | null;
  status: MetricStatus;
  trend: Trend;
  /** The previous periods, oldest first (the current value is `value`). */
  history: { period: string; value: number | null }[];
  /** Why the value is missing or stale; null when it is neither. */
  reason: string | null;
  trend_detail: TrendVerdict;
  last_import_at: number | null;
  sources: readonly string[];
  details: Record<string, unknown>;
}

export interface KpiReport {
  period: { id: string; kind: Period["kind"]; start: number; end: number };
  generated_at: number;
  metrics: MetricResult[];
}
