import type { AssessmentScheduleEntry } from "../../config/assessments.ts";
import type { Period } from "../../model/period.ts";
import { SEVERITIES, type Severity } from "../../model/severity.ts";
import { countValue, emptyValue, type MetricValue, percentValue } from "../metric-value.ts";
import type { Assessment, AssessmentFinding } from "./records.ts";
import { JUDGED_STANDINGS, judgeSchedule, type SchedulePolicy, type ScheduleStanding } from "./schedule.ts";

type FindingTimes = Pick<AssessmentFinding, "found_at" | "resolved_at" | "verified_at">;

/** Reported before `at` and not resolved by it: a `resolved_at` at or after `at` was still open then. */
export function isOpenAt(finding: FindingTimes, at: number): boolean {
  return finding.found_at < at && (finding.resolved_at === null || finding.resolved_at >= at);
}

export function isResolvedBy(finding: FindingTimes, at: number): boolean {
  return finding.resolved_at !== null && finding.resolved_at < at;
}

export function isVerifiedBy(finding: FindingTimes, at: number): boolean {
  return finding.verified_at !== null && finding.verified_at < at;
}

type AssessmentMetric =
  | "assessments_on_schedule"
  | "assessment_findings_open"
  | "assessment_remediation_verified";

/** What the metrics of a period are computed from: the register's latest snapshot before its end, and the schedule. */
export interface AssessmentInputs {
  schedule: readonly AssessmentScheduleEntry[];
  policy: SchedulePolicy;
  assessments: readonly Assessment[];
  findings: readonly AssessmentFinding[];
}

/**
 * The assessment metrics at the period end. On schedule: each schedule
 * entry judged on its latest due date before the end (pending and not yet
 * due ones left out). Open findings break down by the assessment's type and
 * by severity. Verified remediation is over every finding resolved by the
 * end, however long ago: an unverified fix stays a doubt until someone
 * checks it.
 */
export function assessmentMetrics(
  { schedule, policy, assessments, findings }: AssessmentInputs,
  period: Pick<Period, "end">,
): Record<AssessmentMetric, MetricValue> {
  const open = findings.filter((finding) => isOpenAt(finding, period.end));
  const resolved = findings.filter((finding) => isResolvedBy(finding, period.end));
  const verified = resolved.filter((finding) => isVerifiedBy(finding, period.end));
  const bySeverity = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<
    Severity,
    number
  >;
  for (const finding of open) bySeverity[finding.severity]++;
  return {
    assessments_on_schedule: onSchedule(schedule, assessments, period.end, policy),
    assessment_findings_open: countValue(open.length, {
      by_type: tally(open.map((finding) => finding.assessment_type)),
      by_severity: bySeverity,
      overdue: open.filter((finding) => finding.due_at !== null && finding.due_at < period.end).length,
    }),
    assessment_remediation_verified: percentValue(
      verified.length,
      resolved.length,
      "no assessment finding resolved by the period end",
      { resolved: resolved.length, unverified: resolved.length - verified.length },
    ),
  };
}

function onSchedule(
  schedule: readonly AssessmentScheduleEntry[],
  assessments: readonly Assessment[],
  at: number,
  policy: SchedulePolicy,
): MetricValue {
  if (schedule.length === 0) return emptyValue("no assessment schedule in the config (assessments.schedule)");
  const standings: Record<ScheduleStanding, number> = {
    on_time: 0,
    late: 0,
    overdue: 0,
    pending: 0,
    not_due: 0,
  };
  for (const entry of schedule) standings[judgeSchedule(entry, assessments, at, policy).standing]++;
  const judged = JUDGED_STANDINGS.reduce((sum, standing) => sum + standings[standing], 0);
  return percentValue(standings.on_time, judged, "no scheduled assessment came due by the period end", {
    ...standings,
    grace: policy.grace.text,
  });
}

/** How many times each word occurs, by word. */
function tally(words: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const word of [...words].sort()) counts[word] = (counts[word] ?? 0) + 1;
  return counts;
}
