/**
 * Mann-Kendall test for a monotonic trend and the Theil-Sen slope. Both use
 * only the order of the values, so one outlier neither creates nor hides a
 * trend, which suits small monthly series of security metrics.
 */

export interface MannKendallResult {
  s: number;
  varianceS: number;
  z: number;
  /** Two-sided p-value from the standard normal approximation. */
  pValue: number;
  /** pValue < significance. */
  significant: boolean;
  direction: "increasing" | "decreasing" | "none";
}

/** `values` are equally spaced in time, oldest first. Ties are corrected for in Var(S). */
export function mannKendall(values: readonly number[], significance = 0.05): MannKendallResult {
  if (!(significance > 0 && significance < 1)) {
    throw new RangeError(`significance must be between 0 and 1 (exclusive), got ${significance}`);
  }
  const n = values.length;
  let s = 0;
  values.forEach((earlier, i) => {
    for (const later of values.slice(i + 1)) s += Math.sign(later - earlier);
  });

  const tieCounts = new Map<number, number>();
  for (const value of values) tieCounts.set(value, (tieCounts.get(value) ?? 0) + 1);
  let tieTerm = 0;
  for (const t of tieCounts.values()) tieTerm += t * (t - 1) * (2 * t + 5);
  const varianceS = (n * (n - 1) * (2 * n + 5) - tieTerm) / 18;

  // Var(S) = 0 means every value is equal (or n < 2): there is no ordering to test.
  if (varianceS <= 0) {
    return { s, varianceS: 0, z: 0, pValue: 1, significant: false, direction: "none" };
  }
  const sd = Math.sqrt(varianceS);
  const z = s > 0 ? (s - 1) / sd : s < 0 ? (s + 1) / sd : 0;
  // 2·(1 − Φ(|z|)) written as erfc so small p-values keep their precision.
  const pValue = Math.min(1, erfc(Math.abs(z) / Math.SQRT2));
  const significant = pValue < significance;
  const direction = !significant ? "none" : z > 0 ? "increasing" : z < 0 ? "decreasing" : "none";
  return { s, varianceS, z, pValue, significant, direction };
}

/**
 * Median of the pairwise slopes (x[j] − x[i]) / (j − i), i < j, with the period
 * index as the time axis; null for fewer than 2 values.
 */
export function theilSenSlope(values: readonly number[]): number | null {
  const slopes: number[] = [];
  values.forEach((earlier, i) => {
    values.slice(i + 1).forEach((later, k) => {
      slopes.push((later - earlier) / (k + 1));
    });
  });
  return median(slopes);
}

/** Standard normal cumulative distribution function, accurate to about 1e-14. */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] as number;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] as number) + upper) / 2;
}

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/**
 * Complementary error function. Below 3 a series with only positive terms
 * (no cancellation); from 3 on the Laplace continued fraction, which keeps
 * full relative precision in the tail where 1 − erf(x) would lose it.
 */
function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x < 3) {
    // erf(x) = 2/√π · e^(−x²) · Σ 2ⁿ x^(2n+1) / (1·3·…·(2n+1))
    let term = x;
    let total = x;
    for (let n = 1; term > total * 1e-17; n++) {
      term *= (2 * x * x) / (2 * n + 1);
      total += term;
    }
    return 1 - TWO_OVER_SQRT_PI * Math.exp(-x * x) * total;
  }
  // erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), evaluated from the tail.
  let fraction = x;
  for (let k = 60; k >= 1; k--) fraction = x + k / 2 / fraction;
  return Math.exp(-x * x) / (Math.sqrt(Math.PI) * fraction);
}
