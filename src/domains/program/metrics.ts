import { defineMetrics } from "../../model/metric-definition.ts";
import { ACTION_ITEM_SOURCES } from "../action-items/metrics.ts";

/** The security program: defined and shown as "no data" until an importer feeds them. */
export const PROGRAM_METRICS = defineMetrics("program", [
  {
    id: "control_coverage",
    name: "Security control coverage",
    description: "% of systems with the controls their tier requires.",
    unit: "percent",
    direction: "up",
    chart: "p",
  },
  {
    id: "postmortem_actions_overdue",
    name: "Overdue post-mortem actions",
    description: "Post-mortem and tabletop action items past their due date at period end.",
    unit: "count",
    direction: "zero",
    chart: "xmr",
    target: { op: "==", value: 0 },
    sources: ACTION_ITEM_SOURCES,
  },
]);
