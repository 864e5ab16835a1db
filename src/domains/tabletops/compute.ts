import type { Config } from "../../config/schema.ts";
import type { TabletopsConfig } from "../../config/tabletops.ts";
import { DateTime } from "../../model/luxon.ts";
import { type Period, parsePeriod } from "../../model/period.ts";
import { type ActionItemState, actionItemState } from "../action-items/compute.ts";
import type { ActionItem } from "../action-items/records.ts";
import { type MetricValue, percentValue } from "../metric-value.ts";
import type { Tabletop } from "./records.ts";

/** What `tabletops_on_schedule` judges each quarter by: the schedule, its grace days, the zone quarters end in. */
export interface TabletopPolicy {
  schedule: TabletopsConfig["schedule"];
  graceDays: number;
  timezone: string;
}

export function tabletopPolicy(config: Config): TabletopPolicy {
  return {
    schedule: config.tabletops.schedule,
    graceDays: config.tabletops.grace_days,
    timezone: config.timezone,
  };
}

/** One quarter of the schedule: `2026-Q2`, its slot `Q2`, and the instant its tabletop is due by. */
export interface ScheduledQuarter {
  id: string;
  slot: keyof TabletopsConfig["schedule"];
  scenario: string;
  owner: string | null;
  roles: readonly string[];
  start: number;
  due: number;
}

/**
 * The quarters of the year the period ends in that have begun by its end:
 * a month or a quarter is judged against the year's schedule so far.
 */
export function scheduledQuarters(period: Period, policy: TabletopPolicy): ScheduledQuarter[] {
  const { timezone } = policy;
  const year = DateTime.fromMillis(period.end - 1, { zone: timezone }).year;
  const slots = ["Q1", "Q2", "Q3", "Q4"] as const;
  return slots.flatMap((slot) => {
    const quarter = parsePeriod(`${year}-${slot}`, { timezone, iterations: [] });
    if (quarter.start >= period.end) return [];
    const planned = policy.schedule[slot];
    const due = DateTime.fromMillis(quarter.end, { zone: timezone }).plus({ days: policy.graceDays });
    return [
      {
        id: quarter.id,
        slot,
        scenario: planned.scenario,
        owner: planned.owner ?? null,
        roles: planned.roles,
        start: quarter.start,
        due: due.toMillis(),
      },
    ];
  });
}

/** What a tabletop must produce: its report, the runbooks it changed, the actions it decided. */
export const TABLETOP_OUTPUTS = ["postmortem", "runbooks_updated", "actions"] as const;
export type TabletopOutput = (typeof TABLETOP_OUTPUTS)[number];

/** The outputs a tabletop lacks: one lacking any is incomplete. */
export function missingOutputs(tabletop: Pick<Tabletop, "postmortem" | "runbooks_updated" | "actions">) {
  return TABLETOP_OUTPUTS.filter((output) =>
    output === "postmortem"
      ? tabletop.postmortem === null
      : output === "runbooks_updated"
        ? tabletop.runbooks_updated.length === 0
        : tabletop.actions === 0,
  );
}

/**
 * A quarter, judged at an instant (the period end):
 * - `on_time`: its tabletop was held before the due date, with every output;
 * - `held_late`: held with every output, on or after the due date;
 * - `incomplete`: held, an output missing, and the due date passed;
 * - `not_held`: no tabletop, and the due date passed: a missed quarter;
 * - `pending`: still due after the instant, not held with every output yet (not judged).
 */
export type QuarterVerdict = "on_time" | "held_late" | "incomplete" | "not_held" | "pending";

export interface QuarterJudgement<T extends Tabletop = Tabletop> {
  quarter: ScheduledQuarter;
  verdict: QuarterVerdict;
  /** The tabletop that stands for the quarter, when one was held by the instant. */
  tabletop: T | null;
}

/**
 * Judges a quarter at `at` by its tabletops held before it. Of several, the
 * one that did best stands for it: complete before incomplete, then the earliest.
 */
export function judgeQuarter<T extends Tabletop>(
  quarter: ScheduledQuarter,
  tabletops: readonly T[],
  at: number,
): QuarterJudgement<T> {
  const held = tabletops
    .filter((tabletop) => tabletop.quarter === quarter.id && tabletop.date < at)
    .sort(
      (a, b) =>
        missingOutputs(a).length - missingOutputs(b).length ||
        a.date - b.date ||
        a.external_id.localeCompare(b.external_id),
    );
  const tabletop = held[0] ?? null;
  const due = quarter.due <= at;
  let verdict: QuarterVerdict;
  if (tabletop === null) verdict = due ? "not_held" : "pending";
  else if (missingOutputs(tabletop).length > 0) verdict = due ? "incomplete" : "pending";
  else verdict = tabletop.date < quarter.due ? "on_time" : "held_late";
  return { quarter, verdict, tabletop };
}

export function judgeQuarters<T extends Tabletop>(
  period: Period,
  tabletops: readonly T[],
  policy: TabletopPolicy,
): QuarterJudgement<T>[] {
  return scheduledQuarters(period, policy).map((quarter) => judgeQuarter(quarter, tabletops, period.end));
}

/** `tabletops_on_schedule`: the judged quarters of the year so far held on time with every output. */
export function tabletopsOnSchedule(
  tabletops: readonly Tabletop[],
  period: Period,
  policy: TabletopPolicy,
): MetricValue {
  const judged = judgeQuarters(period, tabletops, policy);
  const verdicts: Record<QuarterVerdict, number> = {
    on_time: 0,
    held_late: 0,
    incomplete: 0,
    not_held: 0,
    pending: 0,
  };
  for (const { verdict } of judged) verdicts[verdict]++;
  return percentValue(
    verdicts.on_time,
    judged.length - verdicts.pending,
    "no quarter of the year is due a tabletop yet",
    {
      ...verdicts,
      not_held_quarters: judged.filter((j) => j.verdict === "not_held").map((j) => j.quarter.id),
      grace_days: policy.graceDays,
    },
  );
}

/** An action item the closure rate is over: of a tabletop, created by the instant, not dropped. */
export function isOwedAction(
  item: Pick<ActionItem, "origin" | "created_at" | "status">,
  at: number,
): boolean {
  return item.origin === "tabletop" && item.created_at < at && item.status !== "not_doing";
}

/**
 * `tabletop_actions_closed`: of the tabletops' action items created by the
 * period end and not dropped, the share done and verified by then: an item
 * marked done that nobody verified is not closed, as for every action item.
 */
export function tabletopActionsClosed(items: readonly ActionItem[], period: Period): MetricValue {
  const owed = items.filter((item) => isOwedAction(item, period.end));
  const byState: Partial<Record<ActionItemState, number>> = {};
  for (const item of owed) {
    const state = actionItemState(item, period.end);
    byState[state] = (byState[state] ?? 0) + 1;
  }
  return percentValue(byState.verified ?? 0, owed.length, "no tabletop action item by the period end", {
    by_state: byState,
  });
}
