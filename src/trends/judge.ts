/**
 * The trend verdict for one metric. An arrow is shown only when the change is
 * signal, not noise. `series` runs oldest → newest and its last element is
 * the current period.
 *
 * 1. No current value (empty series or null) → insufficient_data.
 * 2. On a p-chart, a current percentage of fewer than `minCount` items →
 *    insufficient_data, "too few to judge: 1 of 7": one item would move it by
 *    more than the limits could tell from noise.
 * 3. The current value is the first non-null value → baseline_set.
 * 4. Fewer than 3 non-null values → insufficient_data: two points cannot
 *    separate signal from noise.
 * 5. The metric's control chart (control-chart.ts) over the non-null values in
 *    order (a null period is skipped, not treated as zero) and the run rules
 *    at the last point, each point against its own lines:
 *    a. beyond_limit fires → its side decides;
 *    b. else, with ≥ 8 non-null values, a significant Mann-Kendall test
 *       (tie-corrected, p < significance, default 0.05) → its direction
 *       decides, and the Theil-Sen slope is reported. It ranks the values
 *       themselves, whatever the chart, so it needs no model of their noise;
 *    c. else three_of_four_beyond_half or eight_on_one_side fires → its side
 *       decides (every rule includes the last point, so sides never disagree);
 *    d. else stable, "no significant change".
 * 6. Side → verdict: for down, zero and stable, above/increasing → worsening
 *    and below/decreasing → improving; for up the reverse; tracked is always
 *    stable, with the shift named in `reason` and the signals kept.
 *
 * `limits` and `signals` are filled from step 5 on. `mann_kendall` is present
 * whenever there are ≥ 8 non-null values (also when a limit breach decided);
 * its `slope` is non-null only when the test is significant.
 */
import type { ChartKind, Direction } from "../model/metric-definition.ts";
import { type ChartLimits, type ChartPoint, controlChart, type PointLimits } from "./control-chart.ts";
import type { MannKendallResult } from "./mann-kendall.ts";
import { mannKendall, theilSenSlope } from "./mann-kendall.ts";
import { type RunSignal, runSignalsAtLast } from "./run-rules.ts";

export type Trend = "baseline_set" | "improving" | "worsening" | "stable" | "insufficient_data";

export interface TrendPoint {
  period: string;
  value: number | null;
  /** p-chart: the whole the percentage is of; u-chart: the exposure (days). Unused by c and XmR. */
  denominator?: number | null;
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
  /** Over the non-null values of the series; null before rule 5. */
  limits: ChartLimits | null;
  signals: RunSignal[];
  /** Only with ≥ 8 non-null values. */
  mann_kendall: MannKendallSummary | null;
}

export interface JudgeOptions {
  /** Mann-Kendall significance level, default 0.05. */
  significance?: number;
  /**
   * Writes a value of the series in its unit for `reason`, with `extraDigits`
   * more than usual when two figures would otherwise read the same (default:
   * 3 significant digits, no unit).
   */
  formatValue?: (value: number, extraDigits: number) => string;
  /** The chart the values are judged on (default xmr). */
  chart?: ChartKind;
  /** No limit is drawn below `floor` or above `ceiling` (p and c charts bring their own 0 and 100 %). */
  floor?: number | null;
  ceiling?: number | null;
  /** p-chart: the smallest whole a current percentage is judged on (default 10). */
  minCount?: number;
}

/**
 * Below 10 items one item moves a percentage by more than 10 points, and the
 * p-chart's limits span most of the scale (±50 points at p̄ = 50 %, n = 9), so
 * a "stable" would claim more than the data can say.
 */
export const DEFAULT_MIN_PROPORTION_COUNT = 10;
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
  const format = options.formatValue ?? formatNumber;
  const show = (value: number) => format(value, 0);
  const kind = options.chart ?? "xmr";
  const minCount = options.minCount ?? DEFAULT_MIN_PROPORTION_COUNT;
  if (!(significance > 0 && significance < 1)) {
    throw new RangeError(`significance must be between 0 and 1 (exclusive), got ${significance}`);
  }
  const points: ChartPoint[] = [];
  for (const point of series) {
    if (point.value === null) continue;
    if (!Number.isFinite(point.value)) {
      throw new RangeError(`trend series value for ${point.period} is not a finite number: ${point.value}`);
    }
    points.push({ period: point.period, value: point.value, denominator: point.denominator ?? null });
  }
  const values = points.map((point) => point.value);

  const current = series.at(-1);
  if (current?.value == null) {
    return undecided("insufficient_data", "no value for the current period");
  }
  const whole = current.denominator ?? null;
  if (kind === "p" && whole !== null && whole < minCount) {
    const part = Math.round((current.value * whole) / 100);
    return undecided("insufficient_data", `too few to judge: ${part} of ${whole} (fewer than ${minCount})`);
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
  const limits = controlChart(points, kind, {
    floor: options.floor ?? null,
    ceiling: options.ceiling ?? null,
  });
  const signals = runSignalsAtLast(
    values,
    limits.points.map((lines) => ({ ...lines, centre: limits.centre })),
  );
  const chart = `${chartName(limits)}, ${values.length} periods`;
  const limitName = kind === "xmr" ? "natural process limit" : "control limit";
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
    const [value, limit] = apart(latest, beyond.side === "above" ? limits.upper : limits.lower, format);
    const which = beyond.side === "above" ? "upper" : "lower";
    return decide(
      beyond.side,
      `latest ${value} is ${beyond.side} the ${which} ${limitName} ${limit} (${chart})`,
    );
  }

  if (mkResult?.significant && mann_kendall) {
    const side: Side = mkResult.direction === "increasing" ? "above" : "below";
    return decide(
      side,
      `Mann-Kendall finds a significant ${mkResult.direction} trend ` +
        `(S ${fmt(mkResult.s)}, z ${fmt(mkResult.z)}, p ${fmt(mkResult.pValue)} < ${fmt(significance)}, ` +
        `Theil-Sen slope ${show(mann_kendall.slope ?? 0)} per period, ${values.length} periods)`,
    );
  }

  const run = signals[0];
  if (run?.rule === "three_of_four_beyond_half") {
    const line = run.side === "above" ? limits.halfUpper : limits.halfLower;
    const recent = values.slice(-4);
    const beyondHalf = (value: number, lines: PointLimits) =>
      run.side === "above" ? value > lines.halfUpper : value < lines.halfLower;
    const count = limits.points.slice(-4).filter((lines, i) => beyondHalf(recent[i] as number, lines)).length;
    const where = varies(kind)
      ? `their half-way lines (the latest's ${show(line)})`
      : `the half-way line ${show(line)}`;
    return decide(run.side, `${count} of the last 4 values are ${run.side} ${where} (${chart})`);
  }
  if (run?.rule === "eight_on_one_side") {
    return decide(
      run.side,
      `the last 8 values are all ${run.side} the centre line ${show(limits.centre)} (${chart})`,
    );
  }

  const mkNote = mkResult ? `; Mann-Kendall p ${fmt(mkResult.pValue)} is not below ${fmt(significance)}` : "";
  return {
    ...base,
    mann_kendall,
    trend: "stable",
    reason:
      `no significant change: latest ${show(latest)} is within the ${limitName}s ` +
      `${show(limits.lower)} to ${show(limits.upper)} and no run rule fires (${chart})${mkNote}`,
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

/** On a p- or u-chart each point has its own limits. */
function varies(kind: ChartKind): boolean {
  return kind === "p" || kind === "u";
}

function chartName(limits: ChartLimits): string {
  if (limits.chart === "xmr") return "XmR";
  if (limits.laney) return `Laney ${limits.chart}′-chart, σZ ${fmt(limits.sigmaZ ?? 1)}`;
  return `${limits.chart}-chart`;
}

/**
 * `value` and `limit` written with as many more digits as it takes to tell
 * them apart, so a reason never says "86% is below 86%".
 */
function apart(
  value: number,
  limit: number,
  format: (value: number, extraDigits: number) => string,
): [string, string] {
  let written: [string, string] = [format(value, 0), format(limit, 0)];
  for (let extra = 1; extra <= MAX_EXTRA_DIGITS && written[0] === written[1]; extra++) {
    written = [format(value, extra), format(limit, extra)];
  }
  return written;
}

/** Beyond this two figures that still read the same differ by less than any unit shows. */
const MAX_EXTRA_DIGITS = 6;

/**
 * Three significant digits (more with `extraDigits`), written plainly;
 * whole-number digits are never dropped (1234.5 → "1235", not "1.23e+3").
 */
function formatNumber(value: number, extraDigits = 0): string {
  if (Math.abs(value) >= 100) return String(Number(value.toFixed(extraDigits)) || 0);
  return String(Number(value.toPrecision(3 + extraDigits)) || 0);
}

const fmt = (value: number) => formatNumber(value);
