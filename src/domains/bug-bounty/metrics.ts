import { defineMetrics, type MetricSpec } from "../../model/metric-definition.ts";

const SOURCES = ["hackerone-csv", "hackerone-json", "bugcrowd-csv"];

/** A time from submission to a milestone: the median is the value, as a few slow reports would swamp a mean. */
const milestoneTime = (id: string, name: string, milestone: string): MetricSpec => ({
  id,
  name,
  description: `Median time from submission to ${milestone} over the reports submitted in the period that reached it (90th percentile beside it).`,
  unit: "seconds",
  direction: "down",
  chart: "xmr",
  sources: SOURCES,
});

/** The bug bounty program: how fast it answers researchers, how much of what they send is valid, what it pays. */
export const BUG_BOUNTY_METRICS = defineMetrics("bug_bounty", [
  milestoneTime(
    "bounty_time_to_first_response",
    "Bounty time to first response",
    "the program's first response",
  ),
  milestoneTime("bounty_time_to_triage", "Bounty time to triage", "triage"),
  milestoneTime("bounty_time_to_bounty", "Bounty time to bounty", "the bounty award"),
  milestoneTime("bounty_time_to_resolution", "Bounty time to resolution", "resolution"),
  {
    id: "bounty_response_efficiency",
    name: "Bounty response efficiency",
    description:
      "% of the reports submitted in the period that met every response target (bounty.targets) they are judged on: each milestone reached within its target, none still awaited past it.",
    unit: "percent",
    direction: "up",
    chart: "p",
    target: { op: ">=", value: 90 },
    sources: SOURCES,
  },
  {
    id: "bounty_valid_report_rate",
    name: "Bounty valid report rate",
    description:
      "% of the reports submitted in the period and decided that were valid (pending ones left out).",
    unit: "percent",
    direction: "tracked",
    chart: "p",
    sources: SOURCES,
  },
  {
    id: "bounty_reward_efficiency",
    name: "Bounty reward efficiency",
    description:
      "Bounties paid on the reports submitted in the period ÷ their valid reports: spend per valid report, by severity in the details.",
    unit: "count",
    direction: "tracked",
    chart: "xmr",
    sources: SOURCES,
  },
]);
