import type { Config } from "../../config/schema.ts";
import { SEVERITIES } from "../../model/severity.ts";
import { durationMetricValue, emptyValue, type MetricValue, percentValue } from "../metric-value.ts";
import { median } from "../statistics.ts";
import type { BountyReport } from "./records.ts";

export const MILESTONES = ["first_response", "triage", "bounty", "resolution"] as const;
export type Milestone = (typeof MILESTONES)[number];
export type BountyTargets = Config["bounty"]["targets"];

const MILESTONE_AT: Record<Milestone, (report: BountyReport) => number | null> = {
  first_response: (r) => r.first_response_at,
  triage: (r) => r.triaged_at,
  bounty: (r) => r.bounty_at,
  resolution: (r) => r.resolved_at,
};

/**
 * Whether the report still awaits the milestone: a first response and a
 * triage while it is pending (a triage is a response too), a resolution
 * while it is valid. A bounty is never awaited (not every valid report is
 * paid, and a program without bounties has none): it is judged once paid.
 */
function awaits(report: BountyReport, milestone: Milestone): boolean {
  if (MILESTONE_AT[milestone](report) !== null) return false;
  if (milestone === "first_response") return report.outcome === "pending" && report.triaged_at === null;
  if (milestone === "triage") return report.outcome === "pending";
  return milestone === "resolution" && report.outcome === "valid";
}

/** Seconds from submission to the milestone, or null when not reached. */
export function secondsTo(report: BountyReport, milestone: Milestone): number | null {
  const at = MILESTONE_AT[milestone](report);
  return at === null ? null : (at - report.reported_at) / 1000;
}

/** The milestones the report missed at `at`: reached after their target, or awaited past it. */
export function missedTargets(report: BountyReport, targets: BountyTargets, at: number): Milestone[] {
  return MILESTONES.filter((milestone) => {
    const seconds = secondsTo(report, milestone);
    if (seconds !== null) return seconds > targets[milestone];
    return awaits(report, milestone) && (at - report.reported_at) / 1000 > targets[milestone];
  });
}

/** Median time to the milestone over the reports that reached it; `open` those still awaiting it. */
export function milestoneTime(
  reports: readonly BountyReport[],
  milestone: Milestone,
  now: number,
): MetricValue {
  const seconds = reports.flatMap((report) => {
    const value = secondsTo(report, milestone);
    return value === null ? [] : [value];
  });
  const openAges = reports
    .filter((r) => awaits(r, milestone))
    .map((r) => Math.max(0, now - r.reported_at) / 1000);
  const reason =
    reports.length === 0
      ? "no report submitted in the period"
      : `no report of the period reached ${milestone.replace("_", " ")}`;
  return durationMetricValue(seconds, openAges, reason, { value: "median" });
}

/**
 * The bug bounty metrics of the reports submitted in a period, judged at
 * `at` (the period end, or now while it runs).
 */
export function bountyMetrics(
  reports: readonly BountyReport[],
  targets: BountyTargets,
  at: number,
  now: number,
): Record<string, MetricValue> {
  const valid = reports.filter((r) => r.outcome === "valid");
  const invalid = reports.filter((r) => r.outcome === "invalid").length;
  const missedOf = reports.map((r) => missedTargets(r, targets, at));
  const missed = missedOf.filter((milestones) => milestones.length > 0).length;
  const missedBy = Object.fromEntries(
    MILESTONES.map((m) => [m, missedOf.filter((milestones) => milestones.includes(m)).length]),
  );
  return {
    bounty_time_to_first_response: milestoneTime(reports, "first_response", now),
    bounty_time_to_triage: milestoneTime(reports, "triage", now),
    bounty_time_to_bounty: milestoneTime(reports, "bounty", now),
    bounty_time_to_resolution: milestoneTime(reports, "resolution", now),
    bounty_response_efficiency: percentValue(
      reports.length - missed,
      reports.length,
      "no report submitted in the period",
      {
        missed: missedBy,
        targets_seconds: targets,
      },
    ),
    bounty_valid_report_rate: percentValue(
      valid.length,
      valid.length + invalid,
      "no report of the period decided yet",
      {
        valid: valid.length,
        invalid,
        pending: reports.length - valid.length - invalid,
      },
    ),
    bounty_reward_efficiency: rewardEfficiency(reports, valid.length),
  };
}

/** Spend over valid reports, in all and by severity (reports of no severity under `none`). */
function rewardEfficiency(reports: readonly BountyReport[], validCount: number): MetricValue {
  const bySeverity: Record<
    string,
    { spend: number; valid_reports: number; per_valid_report: number | null }
  > = {};
  for (const severity of [...SEVERITIES, "none"]) {
    const of = reports.filter((r) => (r.severity ?? "none") === severity);
    const spend = of.reduce((sum, r) => sum + r.bounty_amount, 0);
    const valid = of.filter((r) => r.outcome === "valid").length;
    bySeverity[severity] = {
      spend,
      valid_reports: valid,
      per_valid_report: valid === 0 ? null : spend / valid,
    };
  }
  const spend = reports.reduce((sum, r) => sum + r.bounty_amount, 0);
  const details = { spend, by_severity: bySeverity };
  if (validCount === 0) return emptyValue("no valid report submitted in the period", details);
  const value = spend / validCount;
  return {
    value,
    n: validCount,
    median: null,
    p90: null,
    open: null,
    oldest_open_age: null,
    reason: null,
    details,
  };
}
