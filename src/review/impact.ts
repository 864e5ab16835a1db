import { formatQuantity } from "../model/format.ts";
import { type Direction, UNIT_BOUNDS, type Unit } from "../model/metric-definition.ts";
import { controlChart } from "../trends/index.ts";
import type { RecommendationStatus } from "./tracker-issue.ts";

/** One period of a metric's series with its bounds, so that it can be placed before or after an instant. */
export interface ImpactPoint {
  period: string;
  start: number;
  end: number;
  value: number | null;
}

/** The metric whose movement is judged. */
export interface ImpactSubject {
  name: string;
  unit: Unit;
  direction: Direction;
}

/**
 * - `effective`: the periods since the work moved beyond the baseline's
 *   limit on the improving side, and the latest stays on that side;
 * - `no_effect`: enough periods since, and no such shift;
 * - `too_early`: too few periods since (or before, for a baseline) to tell.
 */
export type ImpactVerdict = "effective" | "no_effect" | "too_early";

export interface Impact {
  verdict: ImpactVerdict;
  /** The baseline's centre line: the mean of the periods before; null without a baseline. */
  before: number | null;
  /** The mean of the periods since; null before any. */
  after: number | null;
  periods_before: number;
  periods_since: number;
  /** Periods since beyond the baseline's limit on the improving side. */
  beyond: number;
  /** That limit; null without a baseline or on a metric with no better side. */
  limit: number | null;
  /** The judgement in one sentence, with its figures. */
  summary: string;
}

/** A baseline needs as many points as any trend verdict does. */
export const MIN_PERIODS_BEFORE = 3;
/** Two periods beyond a limit are a shift; one could be a fluke. */
export const MIN_PERIODS_SINCE_EFFECT = 2;
/** Absence of a shift is weaker evidence than its presence, so "no effect" waits one period more. */
export const MIN_PERIODS_SINCE_NO_EFFECT = 3;

/**
 * Whether work done at `actedAt` (`what`: "github issue 12 closed") moved
 * the metric. The periods that ended by `actedAt` are the baseline and give
 * an individuals (XmR) chart's limits: mean ± 2.66 × average moving range,
 * clamped to the unit's scale, the chart that needs no model of the data's
 * noise. The periods that began at or after it are judged against those
 * limits, frozen. The period `actedAt` falls in is neither: it mixes both.
 * A period without a value (no data, stale) is skipped. A limit clamped to
 * the scale's end (0 open findings, 100 %) counts as crossed by a value on
 * it, when no baseline period was on it.
 */
export function judgeImpact(
  series: readonly ImpactPoint[],
  actedAt: number,
  subject: ImpactSubject,
  what: string,
): Impact {
  const show = (value: number) => formatQuantity(value, subject.unit);
  const valued = series.filter((point): point is ImpactPoint & { value: number } => point.value !== null);
  const before = valued.filter((point) => point.end <= actedAt);
  const since = valued.filter((point) => point.start >= actedAt).map((point) => point.value);
  const after = since.length === 0 ? null : mean(since);
  const counts = { periods_before: before.length, periods_since: since.length };
  if (before.length < MIN_PERIODS_BEFORE)
    return {
      verdict: "too_early",
      before: null,
      after,
      ...counts,
      beyond: 0,
      limit: null,
      summary: `no significant change yet: ${plural(before.length, "period")} with a value before ${what}, ${MIN_PERIODS_BEFORE} needed for a baseline`,
    };

  const chart = controlChart(
    before.map((point) => ({ period: point.period, value: point.value, denominator: null })),
    "xmr",
    UNIT_BOUNDS[subject.unit],
  );
  const better = betterSide(subject.direction);
  if (better === null) {
    // A tracked metric has no better side: any shift is reported by its trend, never credited to work.
    return {
      before: chart.centre,
      after,
      ...counts,
      beyond: 0,
      limit: null,
      verdict: "too_early",
      summary: `not judged: ${subject.name} is tracked without a better direction`,
    };
  }
  const limit = better === "below" ? chart.lower : chart.upper;
  const worseLimit = better === "below" ? chart.upper : chart.lower;
  const isBeyond = (value: number, line: number, side: "above" | "below") =>
    side === "above" ? value > line : value < line;
  const worse = better === "below" ? "above" : "below";
  const scaleEnd = better === "below" ? UNIT_BOUNDS[subject.unit].floor : UNIT_BOUNDS[subject.unit].ceiling;
  // A limit clamped to the scale's end cannot be crossed: reaching an end no baseline period reached
  // (no open finding left) is the shift.
  const endIsNew = limit === scaleEnd && before.every((point) => point.value !== scaleEnd);
  const improved = (value: number) => isBeyond(value, limit, better) || (endIsNew && value === scaleEnd);
  const beyond = since.filter(improved).length;
  const worseCount = since.filter((value) => isBeyond(value, worseLimit, worse)).length;
  const latest = since.at(-1);
  const holds = latest !== undefined && isBeyond(latest, chart.centre, better);
  const base = { before: chart.centre, after, ...counts, beyond, limit };
  const beyondLimit = `${limit === scaleEnd ? `at or ${better}` : better} the ${better === "below" ? "lower" : "upper"} limit ${show(limit)}`;

  if (beyond >= MIN_PERIODS_SINCE_EFFECT && holds && after !== null)
    return {
      ...base,
      verdict: "effective",
      summary: `${subject.name} ${better === "below" ? "fell" : "rose"} from ${show(chart.centre)} to ${show(after)} after ${what}: ${beyondLimit} in ${beyond} of ${plural(since.length, "period")} since`,
    };
  const needed =
    since.length < MIN_PERIODS_SINCE_EFFECT ? MIN_PERIODS_SINCE_EFFECT : MIN_PERIODS_SINCE_NO_EFFECT;
  if (since.length < needed || after === null)
    return {
      ...base,
      verdict: "too_early",
      summary: `no significant change yet: ${plural(since.length, "period")} since ${what}, ${needed} needed`,
    };
  const worseText =
    worseCount > 0
      ? `; ${worseCount} ${worse} the ${better === "below" ? "upper" : "lower"} limit ${show(worseLimit)}`
      : "";
  return {
    ...base,
    verdict: "no_effect",
    summary: `no effect: ${subject.name} ${show(chart.centre)} before ${what}, ${show(after)} in the ${plural(since.length, "period")} since; ${beyond} of ${since.length} ${beyondLimit}${worseText}`,
  };
}

/** What a recommendation's status becomes once the work done on it is judged. */
export const STATUS_OF_VERDICT = {
  effective: "verified_effective",
  no_effect: "verified_no_effect",
  too_early: "done_awaiting_verification",
} as const satisfies Record<ImpactVerdict, RecommendationStatus>;

/** The side of the baseline a fix should move a metric to, as the trend verdicts judge improving. */
function betterSide(direction: Direction): "above" | "below" | null {
  if (direction === "tracked") return null;
  return direction === "up" ? "above" : "below";
}

function mean(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0) / values.length;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
