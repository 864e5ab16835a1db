/**
 * XmR (individuals) chart, after Wheeler: natural process limits come from the
 * average moving range, not the standard deviation, so a single shift or a slow
 * drift does not widen the limits the way it would inflate a sigma.
 */

/** Wheeler's scaling constant for limits from the average two-point moving range (3 / d2, d2 = 1.128). */
const LIMIT_FACTOR = 2.66;

export interface XmrLimits {
  centre: number;
  averageMovingRange: number;
  upper: number;
  lower: number;
  /** Half-way between the centre line and the upper limit. */
  halfUpper: number;
  /** Half-way between the centre line and the lower limit. */
  halfLower: number;
}

export type RunRule = "beyond_limit" | "three_of_four_beyond_half" | "eight_on_one_side";

export interface RunSignal {
  rule: RunRule;
  side: "above" | "below";
}

/** Limits over `values` in order; null when there are fewer than 2 values (no moving range). */
export function xmrLimits(values: readonly number[]): XmrLimits | null {
  if (values.length < 2) return null;
  const centre = sum(values) / values.length;
  const movingRanges = values.slice(1).map((value, i) => Math.abs(value - (values[i] as number)));
  const averageMovingRange = sum(movingRanges) / movingRanges.length;
  const spread = LIMIT_FACTOR * averageMovingRange;
  return {
    centre,
    averageMovingRange,
    upper: centre + spread,
    lower: centre - spread,
    halfUpper: centre + spread / 2,
    halfLower: centre - spread / 2,
  };
}

/**
 * The run rules that fire at the last point of `values`. Every rule includes the
 * last point, so a signal always describes the current period, never an old
 * excursion, and all signals that fire share the last point's side. A point
 * exactly on a line is not beyond it. Order: beyond_limit, three_of_four_beyond_half,
 * eight_on_one_side.
 */
export function runSignalsAtLast(values: readonly number[], limits: XmrLimits): RunSignal[] {
  const last = values.at(-1);
  if (last === undefined) return [];
  const signals: RunSignal[] = [];

  if (last > limits.upper) signals.push({ rule: "beyond_limit", side: "above" });
  else if (last < limits.lower) signals.push({ rule: "beyond_limit", side: "below" });

  // With fewer than 4 points the window is what exists; 3 beyond is still 3 of the last 4.
  const lastFour = values.slice(-4);
  if (last > limits.halfUpper && lastFour.filter((v) => v > limits.halfUpper).length >= 3) {
    signals.push({ rule: "three_of_four_beyond_half", side: "above" });
  } else if (last < limits.halfLower && lastFour.filter((v) => v < limits.halfLower).length >= 3) {
    signals.push({ rule: "three_of_four_beyond_half", side: "below" });
  }

  if (values.length >= 8) {
    const lastEight = values.slice(-8);
    if (lastEight.every((v) => v > limits.centre)) signals.push({ rule: "eight_on_one_side", side: "above" });
    else if (lastEight.every((v) => v < limits.centre)) {
      signals.push({ rule: "eight_on_one_side", side: "below" });
    }
  }
  return signals;
}

function sum(values: readonly number[]): number {
  return values.reduce((total, v) => total + v, 0);
}
