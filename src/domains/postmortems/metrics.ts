import { defineMetrics } from "../../model/metric-definition.ts";

/** What the post-mortems teach: whether they get written, whether causes repeat, whether controls held. */
export const POSTMORTEMS_METRICS = defineMetrics("program", [
  {
    id: "postmortem_coverage",
    name: "Post-mortem coverage",
    description:
      "% of the period's significant production incidents (learning.significant_severities) with a post-mortem published within learning.postmortem_due_days days of detection (default 10).",
    unit: "percent",
    direction: "up",
    chart: "p",
    target: { op: ">=", value: 90 },
    sources: ["postmortems"],
  },
  {
    id: "repeat_root_causes",
    name: "Repeat root causes",
    description:
      "Root cause categories of the period's post-mortems that an earlier post-mortem named within the 12 months before.",
    unit: "count",
    direction: "zero",
    chart: "xmr",
    target: { op: "==", value: 0 },
    sources: ["postmortems"],
  },
  {
    id: "control_effectiveness",
    name: "Control effectiveness",
    description: "% of the controls reviewed in the period's post-mortems that were effective.",
    unit: "percent",
    direction: "up",
    chart: "p",
    sources: ["postmortems"],
  },
  {
    id: "near_miss_ratio",
    name: "Near-miss ratio",
    description:
      "Near-misses reported in the period per production incident: more is healthier, a culture that reports what almost happened.",
    unit: "count",
    direction: "up",
    chart: "xmr",
    sources: ["incidents-csv", "incidents-json"],
  },
]);
