import { defineMetrics } from "../../model/metric-definition.ts";

/** The importers that yield action items: a tracker's register, the actions of post-mortems and tabletops, the remediation plans of assessment findings. */
export const ACTION_ITEM_SOURCES = [
  "action-items-csv",
  "action-items-json",
  "postmortems",
  "tabletops",
  "assessments-csv",
  "assessments-yaml",
];

/** Action items of every origin: whether what was decided after an event gets done, and verified. */
export const ACTION_ITEMS_METRICS = defineMetrics("program", [
  {
    id: "action_items_overdue",
    name: "Overdue action items",
    description:
      "Action items (from post-mortems, tabletops, assessments, maturity gaps) not done at period end and past their due date.",
    unit: "count",
    direction: "zero",
    chart: "xmr",
    target: { op: "==", value: 0 },
    sources: ACTION_ITEM_SOURCES,
  },
  {
    id: "action_item_closure_time",
    name: "Action item closure time",
    description:
      "Mean time from an action item's creation to its verification, over items verified in the period.",
    unit: "seconds",
    direction: "down",
    chart: "xmr",
    sources: ACTION_ITEM_SOURCES,
  },
  {
    id: "unverified_done_actions",
    name: "Unverified done action items",
    description: "Action items marked done by period end that nobody has verified yet.",
    unit: "count",
    direction: "zero",
    chart: "xmr",
    target: { op: "==", value: 0 },
    sources: ACTION_ITEM_SOURCES,
  },
]);
