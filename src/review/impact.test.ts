import { describe, expect, it } from "vitest";
import { type ImpactPoint, type ImpactSubject, judgeImpact } from "./impact.ts";

const MTTD: ImpactSubject = { name: "Mean time to detect", unit: "seconds", direction: "down" };
const TOKENS: ImpactSubject = { name: "Token expiry compliance", unit: "percent", direction: "up" };
const CRITICAL: ImpactSubject = { name: "Open critical vulnerabilities", unit: "count", direction: "zero" };

/** Months of 2026 from January, one value each (null: no value that month). */
function months(values: readonly (number | null)[]): ImpactPoint[] {
  return values.map((value, index) => ({
    period: `2026-${String(index + 1).padStart(2, "0")}`,
    start: Date.UTC(2026, index, 1),
    end: Date.UTC(2026, index + 1, 1),
    value,
  }));
}

const MAY = Date.UTC(2026, 4, 1);
const MID_MAY = Date.UTC(2026, 4, 15);
const WHAT = "github issue 12 closed";

/*
 * The MTTD baseline, January to April: 9, 10, 8 and 9 min (540, 600, 480,
 * 540 s). Mean 2160 / 4 = 540 s (9 min); moving ranges 60, 120, 60, average
 * 80 s; limits 540 ∓ 2.66 × 80 = 327.2 s (5.5 min) and 752.8 s (13 min).
 */
const BASELINE = [540, 600, 480, 540];

describe("judgeImpact", () => {
  it.each([
    {
      case: "two periods since, both below the lower limit: effective (after = (240 + 264) / 2 = 252 s)",
      series: months([...BASELINE, 240, 264]),
      actedAt: MAY,
      subject: MTTD,
      expected: {
        verdict: "effective",
        before: 540,
        after: 252,
        periods_before: 4,
        periods_since: 2,
        beyond: 2,
        limit: 327.2,
        summary:
          "Mean time to detect fell from 9 min to 4.2 min after github issue 12 closed: below the lower limit 5.5 min in 2 of 2 periods since",
      },
    },
    {
      case: "one period since: too early, whatever its value",
      series: months([...BASELINE, 240]),
      actedAt: MAY,
      subject: MTTD,
      expected: {
        verdict: "too_early",
        periods_since: 1,
        beyond: 1,
        summary: "no significant change yet: 1 period since github issue 12 closed, 2 needed",
      },
    },
    {
      case: "acted mid-May: May mixes before and after and counts as neither",
      series: months([...BASELINE, 240, 250]),
      actedAt: MID_MAY,
      subject: MTTD,
      expected: { verdict: "too_early", periods_before: 4, periods_since: 1, after: 250 },
    },
    {
      case: "three periods since, none beyond: no effect (after = (500 + 560 + 520) / 3 = 526.7 s)",
      series: months([...BASELINE, 500, 560, 520]),
      actedAt: MAY,
      subject: MTTD,
      expected: {
        verdict: "no_effect",
        periods_since: 3,
        beyond: 0,
        summary:
          "no effect: Mean time to detect 9 min before github issue 12 closed, 8.8 min in the 3 periods since; 0 of 3 below the lower limit 5.5 min",
      },
    },
    {
      case: "two periods since, none beyond: not yet no effect",
      series: months([...BASELINE, 500, 560]),
      actedAt: MAY,
      subject: MTTD,
      expected: {
        verdict: "too_early",
        summary: "no significant change yet: 2 periods since github issue 12 closed, 3 needed",
      },
    },
    {
      case: "two below, then back above the centre: the shift did not hold, no effect",
      series: months([...BASELINE, 240, 250, 600]),
      actedAt: MAY,
      subject: MTTD,
      expected: { verdict: "no_effect", beyond: 2 },
    },
    {
      case: "worse since: the periods above the upper limit are named (after = (800 + 860 + 560) / 3 = 740 s)",
      series: months([...BASELINE, 800, 860, 560]),
      actedAt: MAY,
      subject: MTTD,
      expected: {
        verdict: "no_effect",
        summary:
          "no effect: Mean time to detect 9 min before github issue 12 closed, 12 min in the 3 periods since; 0 of 3 below the lower limit 5.5 min; 2 above the upper limit 13 min",
      },
    },
    {
      case: "a period without a value is skipped, before and since",
      series: months([540, null, 600, 480, 540, null, 240, 264]),
      actedAt: Date.UTC(2026, 5, 1),
      subject: MTTD,
      expected: { verdict: "effective", periods_before: 4, periods_since: 2, before: 540, after: 252 },
    },
    {
      case: "two periods before: no baseline",
      series: months([540, 600, 240, 264]),
      actedAt: Date.UTC(2026, 2, 1),
      subject: MTTD,
      expected: {
        verdict: "too_early",
        before: null,
        summary:
          "no significant change yet: 2 periods with a value before github issue 12 closed, 3 needed for a baseline",
      },
    },
    {
      /*
       * 60, 62, 58, 60 %: mean 60, moving ranges 2, 4, 2 (average 8/3), upper
       * limit 60 + 2.66 × 8/3 = 67.09 %; since 80 and 84 %, mean 82 %.
       */
      case: "a metric that should rise: above the upper limit",
      series: months([60, 62, 58, 60, 80, 84]),
      actedAt: MAY,
      subject: TOKENS,
      expected: {
        verdict: "effective",
        before: 60,
        after: 82,
        summary:
          "Token expiry compliance rose from 60% to 82% after github issue 12 closed: above the upper limit 67% in 2 of 2 periods since",
      },
    },
    {
      /* 2, 3, 2, 3: mean 2.5, moving ranges all 1, lower limit 2.5 − 2.66 = −0.16, clamped to 0. */
      case: "a lower limit clamped to 0 is reached by a 0",
      series: months([2, 3, 2, 3, 0, 0]),
      actedAt: MAY,
      subject: CRITICAL,
      expected: {
        verdict: "effective",
        limit: 0,
        summary:
          "Open critical vulnerabilities fell from 2.5 to 0 after github issue 12 closed: at or below the lower limit 0 in 2 of 2 periods since",
      },
    },
    {
      /* January to March 3, 0, 0: the baseline was at 0 already, so 0 since is no shift; April to June 0, 1, 0: 0 of 3. */
      case: "a 0 the baseline already reached is not a shift",
      series: months([3, 0, 0, 0, 1, 0]),
      actedAt: Date.UTC(2026, 3, 1),
      subject: CRITICAL,
      expected: { verdict: "no_effect", beyond: 0 },
    },
    {
      case: "a tracked metric is never credited to work",
      series: months([...BASELINE, 240, 264]),
      actedAt: MAY,
      subject: { ...MTTD, direction: "tracked" as const },
      expected: {
        verdict: "too_early",
        summary: "not judged: Mean time to detect is tracked without a better direction",
      },
    },
  ])("$case", ({ series, actedAt, subject, expected }) => {
    const impact = judgeImpact(series, actedAt, subject, WHAT);
    const { limit, before, after, ...rest } = expected as typeof expected & {
      limit?: number;
      before?: number | null;
      after?: number;
    };
    expect(impact).toMatchObject(rest);
    if (limit !== undefined) expect(impact.limit).toBeCloseTo(limit, 6);
    if (before !== undefined)
      before === null ? expect(impact.before).toBeNull() : expect(impact.before).toBeCloseTo(before, 6);
    if (after !== undefined) expect(impact.after).toBeCloseTo(after, 6);
  });
});
