import type { Config } from "../config/schema.ts";
import { SecmetricsError } from "../model/errors.ts";
import { type Period, parsePeriod } from "../model/period.ts";
import { createQuarterlyReviewStore, type QuarterlyReview } from "../store/quarterly-review-store.ts";
import type { Store } from "../store/store.ts";

export interface ReviewToRecord {
  quarter: string;
  reviewedBy: string;
  decisions: readonly string[];
  /** When the review met; now when not given. */
  reviewedAt?: number;
}

/** A quarter as `2026-Q3`: the only period a quarterly review is of. */
export function parseQuarter(id: string, config: Config): Period {
  const period = parsePeriod(id, { timezone: config.timezone, iterations: config.iterations });
  if (period.kind !== "quarter")
    throw new SecmetricsError("invalid_argument", `${id} is not a quarter`, "give a quarter: 2026-Q3");
  return period;
}

/**
 * Records that a quarter was reviewed. A review cannot meet before its
 * quarter began, nor in the future; it names who reviewed and at least one
 * decision ("no change" is a decision too). Recording the same review again
 * replaces its decisions, so a script may run it twice.
 */
export async function recordQuarterlyReview(
  store: Store,
  review: ReviewToRecord,
  ctx: { config: Config; now: number },
): Promise<{ review: QuarterlyReview; created: boolean }> {
  const quarter = parseQuarter(review.quarter, ctx.config);
  const reviewedBy = review.reviewedBy.trim();
  const decisions = review.decisions.map((decision) => decision.trim()).filter((decision) => decision !== "");
  const reviewedAt = review.reviewedAt ?? ctx.now;
  if (reviewedBy === "")
    throw new SecmetricsError("invalid_argument", "--reviewed-by is empty", "name who reviewed the quarter");
  if (decisions.length === 0)
    throw new SecmetricsError(
      "invalid_argument",
      "no decision given",
      'give each decision with --decision, e.g. --decision "keep the targets"',
    );
  if (reviewedAt < quarter.start)
    throw new SecmetricsError(
      "invalid_argument",
      `--date ${new Date(reviewedAt).toISOString()} is before ${quarter.id} began`,
      "a quarter is reviewed during its last weeks or after it ends",
    );
  if (reviewedAt > ctx.now)
    throw new SecmetricsError(
      "invalid_argument",
      `--date ${new Date(reviewedAt).toISOString()} is in the future`,
      "record a review once it has met",
    );
  const recorded: QuarterlyReview = {
    quarter: quarter.id,
    reviewed_at: reviewedAt,
    reviewed_by: reviewedBy,
    decisions,
    recorded_at: ctx.now,
  };
  return { review: recorded, created: await createQuarterlyReviewStore(store).record(recorded) };
}
