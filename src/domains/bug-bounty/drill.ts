import type { Store } from "../../store/store.ts";
import type { DrillContext } from "../domain-pack.ts";
import { iso, recordRow } from "../drill-row.ts";
import { type Milestone, missedTargets, secondsTo } from "./compute.ts";
import { BOUNTY_REPORT, type BountyReport } from "./records.ts";

const TIME_METRICS: Record<string, Milestone> = {
  bounty_time_to_first_response: "first_response",
  bounty_time_to_triage: "triage",
  bounty_time_to_bounty: "bounty",
  bounty_time_to_resolution: "resolution",
};

/** Whether the report counts toward the metric, and why not. */
function verdict(
  report: BountyReport,
  metricId: string,
  missed: readonly Milestone[],
): [boolean, string | null] {
  const milestone = TIME_METRICS[metricId];
  if (milestone)
    return secondsTo(report, milestone) === null
      ? [false, `no ${milestone.replace("_", " ")} yet`]
      : [true, null];
  if (metricId === "bounty_valid_report_rate" && report.outcome === "pending")
    return [false, "not decided yet"];
  if (metricId === "bounty_response_efficiency" && missed.length > 0)
    return [true, `missed ${missed.join(", ")}`];
  return [true, null];
}

/** The reports submitted in the period, in submission order, each with its milestones and the targets it missed. */
export async function bountyDrill(
  store: Store,
  metricId: string,
  { period, config }: DrillContext,
  limit: number,
) {
  const reports = await store.records<BountyReport>(BOUNTY_REPORT.kind, { ...period, limit: limit + 1 });
  return reports.map((report) => {
    const missed = missedTargets(report, config.bounty.targets, period.end);
    const [counted, note] = verdict(report, metricId, missed);
    return recordRow(
      report,
      report.reported_at,
      {
        platform: report.platform,
        severity: report.severity,
        state: report.state,
        outcome: report.outcome,
        first_response_at: iso(report.first_response_at),
        triaged_at: iso(report.triaged_at),
        bounty_at: iso(report.bounty_at),
        resolved_at: iso(report.resolved_at),
        bounty_amount: report.bounty_amount,
        missed_targets: missed.join(", "),
      },
      counted,
      note,
    );
  });
}
