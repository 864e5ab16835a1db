export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/** The middle value; for an even count, the mean of the two middle values. */
export function median(values: readonly number[]): number | null {
  return medianOfSorted(sortedAscending(values));
}

/** Nearest-rank percentile: the smallest value with at least p% of values at or below it. */
export function nearestRank(values: readonly number[], percentile: number): number | null {
  return nearestRankOfSorted(sortedAscending(values), percentile);
}

/**
 * A sorted copy of `values`, for a median and a percentile from one sort.
 * A typed array sorts numerically without a comparator call per comparison.
 */
export function sortedAscending(values: readonly number[]): Float64Array {
  return Float64Array.from(values).sort();
}

/** `median` of values already in ascending order. */
export function medianOfSorted(sorted: Float64Array): number | null {
  if (sorted.length === 0) return null;
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] as number;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] as number) + upper) / 2;
}

/** `nearestRank` of values already in ascending order. */
export function nearestRankOfSorted(sorted: Float64Array, percentile: number): number | null {
  if (sorted.length === 0) return null;
  // Multiply before dividing: (7 / 100) × 100 is 7.000000000000001 in floating point, whose ceiling is 8.
  const rank = Math.max(1, Math.ceil((percentile * sorted.length) / 100));
  return sorted[rank - 1] as number;
}
