import type { Period } from "../../model/period.ts";
import { countValue, durationMetricValue, type MetricValue } from "../metric-value.ts";
import type { ActionItem, ActionItemOrigin } from "./records.ts";

/** The origins `postmortem_actions_overdue` counts: what was decided after an event or its rehearsal. */
export const POSTMORTEM_ACTION_ORIGINS: readonly ActionItemOrigin[] = ["postmortem", "tabletop"];

type ActionItemTimes = Pick<ActionItem, "status" | "due_at" | "created_at" | "verified_at" | "origin">;

/**
 * Where an action item stands at an instant (a period end), from the
 * register's latest snapshot before it:
 * - `overdue`: open or in progress, its due date before the instant;
 * - `open`: open or in progress, not yet due (or no due date);
 * - `unverified`: done, not verified by the instant;
 * - `verified`: done and verified before the instant;
 * - `not_doing`: decided against.
 */
export type ActionItemState = "overdue" | "open" | "unverified" | "verified" | "not_doing";

export function actionItemState(item: ActionItemTimes, at: number): ActionItemState {
  if (item.status === "not_doing") return "not_doing";
  if (item.status === "done")
    return item.verified_at !== null && item.verified_at < at ? "verified" : "unverified";
  return item.due_at !== null && item.due_at < at ? "overdue" : "open";
}

/** Whether an item verified within the period: what `action_item_closure_time` averages over. */
export function isVerifiedIn(item: ActionItemTimes, period: Period): boolean {
  return item.verified_at !== null && item.verified_at >= period.start && item.verified_at < period.end;
}

type ActionItemMetric =
  | "action_items_overdue"
  | "postmortem_actions_overdue"
  | "action_item_closure_time"
  | "unverified_done_actions";

/**
 * The action item metrics of a period from the registers' latest snapshots
 * before its end. `postmortem_actions_overdue` is `action_items_overdue`
 * with the post-mortem and tabletop origins selected. Closure time runs
 * from creation to verification: an item marked done and never verified is
 * still open, since nobody checked that the fix holds.
 */
export function actionItemMetrics(
  items: readonly ActionItemTimes[],
  period: Period,
  now: number,
): Record<ActionItemMetric, MetricValue> {
  const states = items.map((item) => actionItemState(item, period.end));
  const overdue = items.filter((_, index) => states[index] === "overdue");
  const byOrigin = (selected: readonly ActionItemTimes[]) =>
    Object.fromEntries(
      [...new Set(selected.map((item) => item.origin))]
        .sort()
        .map((origin) => [origin, selected.filter((item) => item.origin === origin).length]),
    );
  const byState: Record<ActionItemState, number> = {
    overdue: 0,
    open: 0,
    unverified: 0,
    verified: 0,
    not_doing: 0,
  };
  for (const state of states) byState[state]++;
  const postmortemOverdue = overdue.filter((item) => POSTMORTEM_ACTION_ORIGINS.includes(item.origin));
  return {
    action_items_overdue: countValue(overdue.length, {
      by_state: byState,
      overdue_by_origin: byOrigin(overdue),
    }),
    postmortem_actions_overdue: countValue(postmortemOverdue.length, {
      origins: POSTMORTEM_ACTION_ORIGINS,
      overdue_by_origin: byOrigin(postmortemOverdue),
    }),
    action_item_closure_time: closureTime(items, states, period, now),
    unverified_done_actions: countValue(byState.unverified, {
      by_origin: byOrigin(items.filter((_, i) => states[i] === "unverified")),
    }),
  };
}

function closureTime(
  items: readonly ActionItemTimes[],
  states: readonly ActionItemState[],
  period: Period,
  now: number,
): MetricValue {
  const seconds = items
    .filter((item) => isVerifiedIn(item, period))
    .map((item) => ((item.verified_at as number) - item.created_at) / 1000);
  const openAges = items
    .filter(
      (item, index) =>
        ["open", "overdue", "unverified"].includes(states[index] as string) && item.created_at < period.end,
    )
    .map((item) => Math.max(0, now - item.created_at) / 1000);
  return durationMetricValue(seconds, openAges, "no action item verified in the period");
}
