import type { Recommendation } from "./recommendation.ts";

/** What the recommendation names instead of a metric: the review meeting itself. */
const QUARTERLY_REVIEW_SUBJECT = "quarterly_review";

/**
 * A quarter that ended without a recorded review: its figures were never
 * looked at together, so nobody decided what to change. Scored as a missed
 * target (severity 2) seen once: Medium.
 */
export function missedQuarterlyReview(quarter: string, owner: string | null): Recommendation {
  return {
    id: `${QUARTERLY_REVIEW_SUBJECT}:review_missing:${quarter}`,
    metric_id: QUARTERLY_REVIEW_SUBJECT,
    kind: "review_missing",
    category: "program",
    title: `Hold the ${quarter} security review and record it`,
    priority: "Medium",
    rationale: `${quarter} has ended and no review of its figures is recorded: nobody has decided what to change for the next quarter.`,
    expected_impact:
      "Targets, owners and priorities are revisited once a quarter, and the decisions are on record for the auditors.",
    owner,
    score: 2,
    score_basis: { severity: 2, persistence: 1, trend: 1 },
    records: [],
    records_total: 0,
    statistics: `no review recorded for ${quarter} (secmetrics review record --quarter ${quarter} …)`,
  };
}
