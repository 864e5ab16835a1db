import { defineMetrics } from "../../model/metric-definition.ts";

/** Whether the incident response plan gets rehearsed each quarter, and whether what the rehearsals found gets fixed. */
export const TABLETOPS_METRICS = defineMetrics("program", [
  {
    id: "tabletops_on_schedule",
    name: "Tabletops on schedule",
    description:
      "% of the year's quarters due a tabletop by period end (due by the quarter's end + tabletops.grace_days) whose tabletop was held on time with all three outputs: post-mortem, runbooks updated, action items. A quarter that passed without one counts as missed.",
    unit: "percent",
    direction: "up",
    chart: "p",
    target: { op: ">=", value: 100 },
    sources: ["tabletops"],
  },
  {
    id: "tabletop_actions_closed",
    name: "Tabletop actions closed",
    description:
      "% of the action items of tabletops created by period end (not dropped) that were done and verified by then.",
    unit: "percent",
    direction: "up",
    chart: "p",
    sources: ["tabletops", "action-items-csv", "action-items-json"],
  },
]);
