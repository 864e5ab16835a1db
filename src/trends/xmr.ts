/**
 * XmR (individuals) chart, after Wheeler: natural process limits come from the
 * average moving range, not the standard deviation, so a single shift or a slow
 * drift does not widen the limits the way it would inflate a sigma.
 */
import type { ControlLines } from "./run-rules.ts";

/** Wheeler's scaling constant for limits from the average two-point moving range (3 / d2, d2 = 1.128). */
const LIMIT_FACTOR = 2.66;

export interface XmrLimits extends ControlLines {
  averageMovingRange: number;
}

/** Limits over `values` in order; null when there are fewer than 2 values (no moving range). */
export function xmrLimits(values: readonly number[]): XmrLimits | null {
  if (values.length < 2) return null;
  const centre = mean(values);
  const averageMovingRange = averageMovingRangeOf(values);
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

/** Mean of the absolute differences of consecutive values; needs at least 2 values. */
export function averageMovingRangeOf(values: readonly number[]): number {
  return mean(values.slice(1).map((value, i) => Math.abs(value - (values[i] as number))));
}

function mean(values: readonly number[]): number {
  return values.reduce((total, v) => total + v, 0) / values.length;
}
