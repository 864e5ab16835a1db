import {
  countValue,
  durationMetricValue,
  emptyValue,
  type MetricValue,
  percentValue,
} from "../metric-value.ts";
import type { Deal, QuestionnaireAnswer, QuestionnaireFill, SecurityTxtSnapshot } from "./records.ts";

/** Why a deal closed in the period is left out of the review cycle time, or null when it counts. */
export function cycleTimeExclusion(deal: Deal): string | null {
  if (deal.accepted_addendum) return "fast lane: accepted the addendum";
  if (deal.security_review_started_at === null) return "no security review recorded";
  if (deal.security_review_ended_at === null) return "review not ended";
  return null;
}

/** The fast lane metrics of the deals closed in a period, judged at `at` (its end, or now while it runs). */
export function fastLaneMetrics(deals: readonly Deal[], at: number): Record<string, MetricValue> {
  const fastLane = deals.filter((deal) => deal.accepted_addendum).length;
  const reviewed = deals.filter((deal) => !deal.accepted_addendum);
  const seconds = reviewed.flatMap((deal) =>
    cycleTimeExclusion(deal) === null
      ? [((deal.security_review_ended_at as number) - (deal.security_review_started_at as number)) / 1000]
      : [],
  );
  const openAges = reviewed.flatMap((deal) =>
    deal.security_review_started_at !== null && deal.security_review_ended_at === null
      ? [Math.max(0, at - deal.security_review_started_at) / 1000]
      : [],
  );
  return {
    fast_lane_share: percentValue(fastLane, deals.length, "no deal closed in the period", {
      fast_lane: fastLane,
      reviewed: reviewed.length,
    }),
    security_review_cycle_time: durationMetricValue(
      seconds,
      openAges,
      deals.length === 0
        ? "no deal closed in the period"
        : "no deal closed in the period went through a security review that ended",
      { value: "median", details: { without_review: reviewed.length - seconds.length - openAges.length } },
    ),
  };
}

/** Whether the answer is past its review date at `at`: it must be reviewed before it is reused. */
export function pastReview(answer: Pick<QuestionnaireAnswer, "review_by">, at: number): boolean {
  return answer.review_by !== null && answer.review_by <= at;
}

export function deflectionRate(fills: readonly QuestionnaireFill[]): MetricValue {
  const sum = (key: "questions" | "answered" | "flagged" | "unmatched") =>
    fills.reduce((total, fill) => total + fill[key], 0);
  return percentValue(sum("answered"), sum("questions"), "no questionnaire filled in the period", {
    questionnaires: fills.length,
    flagged: sum("flagged"),
    unmatched: sum("unmatched"),
  });
}

export function answersPastReview(answers: readonly QuestionnaireAnswer[], at: number): MetricValue {
  return countValue(answers.filter((answer) => pastReview(answer, at)).length, { answers: answers.length });
}

const DAY_MS = 86_400_000;

/** Whole days from `at` to `expires_at`; 0 once expired (a lapsed file has no days left, not negative ones). */
export function daysUntil(expiresAt: number, at: number): number {
  return Math.max(0, Math.floor((expiresAt - at) / DAY_MS));
}

/** The days left at the period end of the security.txt published then: the latest snapshot's. */
export function securityTxtDaysLeft(snapshots: readonly SecurityTxtSnapshot[], end: number): MetricValue {
  const latest = latestSnapshot(snapshots);
  if (!latest) return emptyValue("no trust file imported before the period end");
  return countValue(daysUntil(latest.expires_at, end), {
    expires: new Date(latest.expires_at).toISOString(),
    canonical: latest.canonical,
    expired: latest.expires_at <= end,
  });
}

/** Of several feeds' snapshots (one trust file each, rarely more), the one taken last. */
export function latestSnapshot<T extends SecurityTxtSnapshot>(snapshots: readonly T[]): T | undefined {
  return snapshots.reduce<T | undefined>(
    (latest, snapshot) =>
      latest === undefined || snapshot.snapshot_at > latest.snapshot_at ? snapshot : latest,
    undefined,
  );
}
