/**
 * The control chart that fits a metric's data, as statistical process control
 * chooses it:
 *
 * - `p`: a percentage of a known whole. The centre is the pooled proportion
 *   p̄ = Σ part / Σ whole and each period's limits come from its own whole:
 *   p̄ ± 3·√(p̄(1 − p̄)/nᵢ), so 6 of 7 is not judged as if it were 600 of 700.
 * - `u`: events per unit of exposure (failures per day). ū = Σ events / Σ
 *   exposure, limits ū ± 3·√(ū/aᵢ).
 * - `c`: a count of events in the period (Poisson): c̄ ± 3·√c̄, the u-chart
 *   with one period as the exposure.
 * - `xmr`: a measurement (a mean duration) or a level carried from one period
 *   to the next (open findings): mean ± 2.66 × average moving range (xmr.ts).
 *
 * Overdispersion (Laney 2002, "Improved control charts for attributes",
 * Quality Engineering 14(4)): the binomial and Poisson limits assume that
 * periods differ only by sampling noise. Security data rarely does (one
 * brute-force night, one noisy scanner), and then every period would signal.
 * So the points are standardized, zᵢ = (xᵢ − centre)/σᵢ, and their spread
 * σ_Z = average moving range of the zᵢ / 1.128 (d2). When σ_Z > 1 the limits
 * are widened by it (Laney's p′ and u′; on a c-chart this is exactly the XmR
 * spread around c̄). When σ_Z ≤ 1 the attribute limits stand: narrower
 * limits from an underdispersed series (the same tokens counted each month)
 * would turn its stability into false alarms.
 *
 * Every limit and half-way line is clamped to the scale's floor and ceiling
 * (0 and 100 for a percentage, 0 for a count): a count has no negative limit,
 * and a limit on the floor cannot be crossed.
 */
import type { ChartKind } from "../model/metric-definition.ts";
import type { ControlLines } from "./run-rules.ts";
import { averageMovingRangeOf, type XmrLimits, xmrLimits } from "./xmr.ts";

export interface ChartPoint {
  period: string;
  value: number;
  /** `p`: the whole the percentage is of; `u`: the exposure (days); otherwise unused. */
  denominator: number | null;
}

export interface ChartBounds {
  floor: number | null;
  ceiling: number | null;
}

export interface PointLimits extends Omit<ControlLines, "centre"> {
  period: string;
}

/**
 * The chart's lines. `centre`, `upper`, `lower` and the half-way lines are the
 * latest point's (on a p- or u-chart they vary with the denominator, and
 * `points` holds each point's); `averageMovingRange` is the values' own.
 */
export interface ChartLimits extends XmrLimits {
  chart: ChartKind;
  /** Laney's σ_Z of the standardized points; null on an XmR chart or when every point sits on the centre. */
  sigmaZ: number | null;
  /** σ_Z > 1 widened the limits (Laney p′, u′, c′). */
  laney: boolean;
  /** Each point's lines, oldest first. */
  points: PointLimits[];
}

/** Scale limits for an individual value from its moving ranges: σ = mR̄ / d2, d2 = 1.128. */
const D2 = 1.128;

/** What the chart's scale allows whatever the caller says: a proportion lies in 0–100 %, a count is not negative. */
const SCALE_BOUNDS: Record<ChartKind, ChartBounds> = {
  p: { floor: 0, ceiling: 100 },
  u: { floor: 0, ceiling: null },
  c: { floor: 0, ceiling: null },
  xmr: { floor: null, ceiling: null },
};

/** The chart of `kind` over `points` (oldest first, at least 2). */
export function controlChart(
  points: readonly ChartPoint[],
  kind: ChartKind,
  bounds: ChartBounds,
): ChartLimits {
  const values = points.map((point) => point.value);
  const xmr = xmrLimits(values);
  if (xmr === null) throw new RangeError(`a control chart needs at least 2 points, got ${points.length}`);
  const clamp = clamper(bounds, SCALE_BOUNDS[kind]);

  if (kind === "xmr") {
    const lines = clamp(xmr);
    return {
      ...xmr,
      ...lines,
      chart: kind,
      sigmaZ: null,
      laney: false,
      points: points.map((p) => at(p, lines)),
    };
  }

  const { centre, sigmas } = attributeSigmas(points, kind);
  const sigmaZ = sigmas.every((sigma) => sigma > 0)
    ? averageMovingRangeOf(points.map((p, i) => (p.value - centre) / (sigmas[i] as number))) / D2
    : null;
  const widen = sigmaZ !== null && sigmaZ > 1 ? sigmaZ : 1;
  const lines = sigmas.map((sigma) => clamp(around(centre, 3 * sigma * widen)));
  const latest = lines.at(-1) as ControlLines;
  return {
    ...latest,
    averageMovingRange: xmr.averageMovingRange,
    chart: kind,
    sigmaZ,
    laney: widen > 1,
    points: points.map((p, i) => at(p, lines[i] as ControlLines)),
  };
}

/**
 * The centre line and each point's binomial (p) or Poisson (u, c) standard
 * deviation, in the values' own scale (percent for p).
 */
function attributeSigmas(points: readonly ChartPoint[], kind: "p" | "u" | "c") {
  const scale = kind === "p" ? 100 : 1;
  const exposures = points.map((point) => {
    if (kind === "c") return 1;
    const { denominator, period } = point;
    if (denominator === null || !(denominator > 0) || !Number.isFinite(denominator)) {
      throw new RangeError(`a ${kind}-chart needs a positive denominator for ${period}, got ${denominator}`);
    }
    return denominator;
  });
  const events = points.reduce((total, p, i) => total + (p.value / scale) * (exposures[i] as number), 0);
  const rate = events / exposures.reduce((total, exposure) => total + exposure, 0);
  const variance = kind === "p" ? rate * (1 - rate) : rate;
  return {
    centre: rate * scale,
    sigmas: exposures.map((exposure) => Math.sqrt(Math.max(0, variance) / exposure) * scale),
  };
}

function clamper(bounds: ChartBounds, scaleBounds: ChartBounds) {
  const floor = tighter(bounds.floor, scaleBounds.floor, Math.max);
  const ceiling = tighter(bounds.ceiling, scaleBounds.ceiling, Math.min);
  const clamp = (value: number) =>
    Math.min(ceiling ?? Number.POSITIVE_INFINITY, Math.max(floor ?? Number.NEGATIVE_INFINITY, value));
  return ({ centre, upper, lower, halfUpper, halfLower }: ControlLines): ControlLines => ({
    centre,
    upper: clamp(upper),
    lower: clamp(lower),
    halfUpper: clamp(halfUpper),
    halfLower: clamp(halfLower),
  });
}

/** Limits `spread` either side of `centre`, half-way lines at half of it. */
function around(centre: number, spread: number): ControlLines {
  return {
    centre,
    upper: centre + spread,
    lower: centre - spread,
    halfUpper: centre + spread / 2,
    halfLower: centre - spread / 2,
  };
}

function tighter(a: number | null, b: number | null, pick: (x: number, y: number) => number): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return pick(a, b);
}

function at(point: ChartPoint, { upper, lower, halfUpper, halfLower }: ControlLines): PointLimits {
  return { period: point.period, upper, lower, halfUpper, halfLower };
}
