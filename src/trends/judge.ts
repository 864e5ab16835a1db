/**
 * The trend verdict for one metric. An arrow is shown only when the change is
 * signal, not noise. `series` runs oldest → newest and its last element is
 * the current period.
 *
 * 1. No current value (empty series or null) → insufficient_data.
 * 2. The current value is the first non-null value → baseline_set.
 * 3. Fewer than 3 non-null values → insufficient_data: two points cannot
 *    separate signal from noise.
 * 4. XmR limits over the non-null values in order (a null period is skipped,
 *    not treated as zero) and the run rules at the last point:
 *    a. beyond_limit fires → its side decides;
 *    b. else, with ≥ 8 non-null values, a significant Mann-Kendall test
 *       (tie-corrected, p < significance, default 0.05) → its direction
 *       decides, and the Theil-Sen slope is reported;
 *    c. else three_of_four_beyond_half or eight_on_one_side fires → its side
 *       decides (every rule includes the last point, so sides never disagree);
 *    d. else stable, "no significant change".
 * 5. Side → verdict: for down, zero and stable, above/increasing → worsening
 *    and below/decreasing → improving; for up the reverse; tracked is always
 *    stable, with the shift named in `reason` and the signals kept.
 *
 * `limits` and `signals` are filled from step 4 on. `mann_kendall` is present
 * whenever there are ≥ 8 non-null values (also when a limit breach decided);
 * its `slope` is non-null only when the test is significant.
 */
import type { Direction } from "../model/metric-definition.ts";
import type { MannKendallResult } from "./mann-kendall.ts";
import { mannKendall, theilSenSlope } from "./mann-kendall.ts";
import type { RunSignal, XmrLimits } from "./xmr.ts";
import { runSignalsAtLast, xmrLimits } from "./xmr.ts";

export type Trend = "baseline_set" | "improving" | "worsening" | "stable" | "insufficient_data";

export interface TrendPoint {
  period: string;
  value: number | null;
}

export interface MannKendallSummary {
  s: number;
  z: number;
  p_value: number;
  /** Theil-Sen slope per period; null unless the test is significant. */
  slope: number | null;
}

export interface TrendVerdict {
  trend: Trend;
  /** One sentence with the numbers behind the verdict, without units. */
  reason: string;
  /** Over the non-null values of the series; null before rule 4. */
  limits: XmrLimits | null;
  signals: RunSignal[];
  /** Only with ≥ 8 non-null values. */
  mann_kendall: MannKendallSummary | null;
}

export interface JudgeOptions {
  /** Mann-Kendall significance level, default 0.05. */
  significance?: number;
  /** Writes a value of the series in its unit for `reason` (default: 3 significant digits, no unit). */
  formatValue?: (value: number) => string;
}

/** Fewer points than this cannot separate signal from noise. */
const MIN_POINTS = 3;
/** Mann-Kendall's normal approximation is usable from about 8 points. */
const MIN_POINTS_MANN_KENDALL = 8;

type Side = "above" | "below";

export function judgeTrend(
  series: readonly TrendPoint[],
  direction: Direction,
  options: JudgeOptions = {},
): TrendVerdict {
  const significance = options.significance ?? 0.05;
  const show = options.formatValue ?? formatNumber;
  if (!(significance > 0 && significance < 1)) {
    throw new RangeError(`significance must be between 0 and 1 (exclusive), got ${significance}`);
  }
  const values: number[] = [];
  for (const point of series) {
    if (point.value === null) continue;
    if (!Number.isFinite(point.value)) {
      throw new RangeError(`trend series value for ${point.period} is not a finite number: ${point.value}`);
    }
    values.push(point.value);
  }

  const current = series.at(-1);
  if (current?.value == null) {
    return undecided("insufficient_data", "no value for the current period");
  }
  if (values.length === 1) {
    return undecided("baseline_set", `first value ${show(current.value)} sets the baseline`);
  }
  if (values.length < MIN_POINTS) {
    return undecided(
      "insufficient_data",
      `only ${values.length} periods with data; two points cannot separate signal from noise`,
    );
  }

  const latest = current.value;
  const limits = xmrLimits(values) as XmrLimits;
  const signals = runSignalsAtLast(values, limits);
  const periods = `${values.length} periods`;
  const base = { limits, signals };

  let mann_kendall: MannKendallSummary | null = null;
  let mkResult: MannKendallResult | null = null;
  if (values.length >= MIN_POINTS_MANN_KENDALL) {
    mkResult = mannKendall(values, significance);
    mann_kendall = {
      s: mkResult.s,
      z: mkResult.z,
      p_value: mkResult.pValue,
      slope: mkResult.significant ? theilSenSlope(values) : null,
    };
  }
  const decide = (side: Side, why: string): TrendVerdict => ({
    ...base,
    mann_kendall,
    ...judged(side, why, direction),
  });

  const beyond = signals.find((signal) => signal.rule === "beyond_limit");
  if (beyond) {
    const limit =
      beyond.side === "above"
        ? `upper natural process limit ${show(limits.upper)}`
        : `lower natural process limit ${show(limits.lower)}`;
    return decide(beyond.side, `latest ${show(latest)} is ${beyond.side} the ${limit} (XmR, ${periods})`);
  }

  if (mkResult?.significant && mann_kendall) {
    const side: Side = mkResult.direction === "increasing" ? "above" : "below";
    return decide(
      side,
      `Mann-Kendall finds a significant ${mkResult.direction} trend ` +
        `(S ${fmt(mkResult.s)}, z ${fmt(mkResult.z)}, p ${fmt(mkResult.pValue)} < ${fmt(significance)}, ` +
        `Theil-Sen slope ${show(mann_kendall.slope ?? 0)} per period, ${periods})`,
    );
  }

  const run = signals[0];
  if (run?.rule === "three_of_four_beyond_half") {
    const line = run.side === "above" ? limits.halfUpper : limits.halfLower;
    const count = values.slice(-4).filter((v) => (run.side === "above" ? v > line : v < line)).length;
    return decide(
      run.side,
      `${count} of the last 4 values are ${run.side} the half-way line ${show(line)} (XmR, ${periods})`,
    );
  }
  if (run?.rule === "eight_on_one_side") {
    return decide(
      run.side,
      `the last 8 values are all ${run.side} the centre line ${show(limits.centre)} (XmR, ${periods})`,
    );
  }

  const mkNote = mkResult ? `; Mann-Kendall p ${fmt(mkResult.pValue)} is not below ${fmt(significance)}` : "";
  return {
    ...base,
    mann_kendall,
    trend: "stable",
    reason:
      `no significant change: latest ${show(latest)} is within the natural process limits ` +
      `${show(limits.lower)} to ${show(limits.upper)} and no run rule fires (XmR, ${periods})${mkNote}`,
  };
}

/** Whether `value` meets the target; equality tolerates floating-point rounding (relative 1e-9). */
export function targetMet(
  value: number,
  target: { op: "<" | "<=" | "==" | ">=" | ">"; value: number },
): boolean {
  if (Number.isNaN(value) || Number.isNaN(target.value)) return false;
  const equal =
    value === target.value ||
    Math.abs(value - target.value) <= 1e-9 * Math.max(1, Math.abs(value), Math.abs(target.value));
  switch (target.op) {
    case "<":
      return value < target.value && !equal;
    case "<=":
      return value < target.value || equal;
    case "==":
      return equal;
    case ">=":
      return value > target.value || equal;
    case ">":
      return value > target.value && !equal;
  }
}

function undecided(trend: Trend, reason: string): TrendVerdict {
  return { trend, reason, limits: null, signals: [], mann_kendall: null };
}

function judged(side: Side, why: string, direction: Direction): { trend: Trend; reason: string } {
  switch (direction) {
    case "tracked":
      return { trend: "stable", reason: `shift ${side} (tracked metric, no judgement): ${why}` };
    case "up":
      return { trend: side === "above" ? "improving" : "worsening", reason: why };
    case "down":
    case "zero":
    case "stable":
      return { trend: side === "above" ? "worsening" : "improving", reason: why };
  }
}

/**
 * Three significant digits, written plainly; whole-number digits are never
 * dropped (1234.5 → "1235", not "1.23e+3").
 */
function formatNumber(value: number): string {
  if (Math.abs(value) >= 100) return String(Math.round(value) || 0);
  return String(Number(value.toPrecision(3)) || 0);
}

const fmt = formatNumber;
