import { mean, medianOfSorted, nearestRankOfSorted, sortedAscending } from "./statistics.ts";

/**
 * What a KPI function returns for one metric and one period. `value` is null
 * when there is nothing to compute from, and `reason` then says why: a
 * missing number is never shown as zero.
 */
export interface MetricValue {
  value: number | null;
  /** How many items the value is computed over (incidents, alerts, …). */
  n: number | null;
  median: number | null;
  p90: number | null;
  /** Items of the period still lacking the end timestamp of a duration metric. */
  open: number | null;
  /** Age in seconds of the oldest such item, measured at `now`. */
  oldest_open_age: number | null;
  reason: string | null;
  /** Metric-specific figures (drills, breakdowns) shown beside the value. */
  details: Record<string, unknown>;
}

/** No data to compute from at all (no source, or before its first record): every field null. */
export function missingValue(reason: string): MetricValue {
  return {
    value: null,
    n: null,
    median: null,
    p90: null,
    open: null,
    oldest_open_age: null,
    reason,
    details: {},
  };
}

/** Computed over zero items: `n` is 0, the value null. */
export function emptyValue(reason: string, details: Record<string, unknown> = {}): MetricValue {
  return { value: null, n: 0, median: null, p90: null, open: null, oldest_open_age: null, reason, details };
}

export function countValue(count: number, details: Record<string, unknown> = {}): MetricValue {
  return {
    value: count,
    n: count,
    median: null,
    p90: null,
    open: null,
    oldest_open_age: null,
    reason: null,
    details,
  };
}

/** `part / whole` as a percentage (0–100); no value when the whole is empty. */
export function percentValue(part: number, whole: number, emptyReason: string, details = {}): MetricValue {
  if (whole === 0) return emptyValue(emptyReason, details);
  return {
    value: (part / whole) * 100,
    n: whole,
    median: null,
    p90: null,
    open: null,
    oldest_open_age: null,
    reason: null,
    details,
  };
}

/**
 * A duration metric over the items that reached their end (`seconds`): the
 * mean, or the median where the metric is a median, with the median and p90
 * beside it; `openAges` (seconds) are the items still waiting, the oldest's
 * age beside their count. No value when no item ended.
 */
export function durationMetricValue(
  seconds: readonly number[],
  openAges: readonly number[],
  emptyReason: string,
  options: { value?: "mean" | "median"; details?: Record<string, unknown> } = {},
): MetricValue {
  const details = options.details ?? {};
  const open = { open: openAges.length, oldest_open_age: openAges.length > 0 ? Math.max(...openAges) : null };
  if (seconds.length === 0) return { ...emptyValue(emptyReason, details), ...open };
  const sorted = sortedAscending(seconds);
  const middle = medianOfSorted(sorted);
  return {
    // The mean sums in the items' order, as it always has: summed sorted, it could round differently.
    value: options.value === "median" ? middle : mean(seconds),
    n: seconds.length,
    median: middle,
    p90: nearestRankOfSorted(sorted, 90),
    ...open,
    reason: null,
    details,
  };
}
