/**
 * Western Electric run rules, read at the latest point of a control chart.
 * Each point is compared with its own lines, so the rules hold on a p- or
 * u-chart whose limits vary with each period's denominator as on a chart
 * with one pair of limits.
 */

/** A control chart's lines at one point. */
export interface ControlLines {
  centre: number;
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

/**
 * The run rules that fire at the last of `values`, each value read against
 * `lines` at the same index. Every rule includes the last point, so a signal
 * always describes the current period, never an old excursion, and all
 * signals that fire share the last point's side. A point exactly on a line is
 * not beyond it, so a limit clamped to the floor or ceiling of the metric's
 * scale cannot fire. Order: beyond_limit, three_of_four_beyond_half,
 * eight_on_one_side.
 */
export function runSignalsAtLast(values: readonly number[], lines: readonly ControlLines[]): RunSignal[] {
  if (lines.length !== values.length) {
    throw new RangeError(
      `run rules need one set of lines per value: ${values.length} values, ${lines.length} lines`,
    );
  }
  const last = values.length - 1;
  const at = (i: number) => ({ value: values[i] as number, line: lines[i] as ControlLines });
  if (last < 0) return [];
  const { value, line } = at(last);
  const signals: RunSignal[] = [];

  if (value > line.upper) signals.push({ rule: "beyond_limit", side: "above" });
  else if (value < line.lower) signals.push({ rule: "beyond_limit", side: "below" });

  // With fewer than 4 points the window is what exists; 3 beyond is still 3 of the last 4.
  const lastFour = indices(Math.max(0, last - 3), last).map(at);
  const countOf = (beyond: (p: { value: number; line: ControlLines }) => boolean) =>
    lastFour.filter(beyond).length;
  if (value > line.halfUpper && countOf((p) => p.value > p.line.halfUpper) >= 3) {
    signals.push({ rule: "three_of_four_beyond_half", side: "above" });
  } else if (value < line.halfLower && countOf((p) => p.value < p.line.halfLower) >= 3) {
    signals.push({ rule: "three_of_four_beyond_half", side: "below" });
  }

  if (values.length >= 8) {
    const lastEight = indices(last - 7, last).map(at);
    if (lastEight.every((p) => p.value > p.line.centre))
      signals.push({ rule: "eight_on_one_side", side: "above" });
    else if (lastEight.every((p) => p.value < p.line.centre)) {
      signals.push({ rule: "eight_on_one_side", side: "below" });
    }
  }
  return signals;
}

function indices(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, k) => from + k);
}
