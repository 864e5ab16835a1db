import { DateTime, Duration } from "../../model/luxon.ts";
import { type MetricValue, percentValue } from "../metric-value.ts";
import { rosterIndex } from "../people/compute.ts";
import type { Person } from "../people/records.ts";
import type { Tabletop } from "../tabletops/records.ts";
import type { IrRole, Runbook } from "./records.ts";

/** The roster as the plan's roles are checked against it: unchecked when none was imported. */
export interface Roster {
  checked: boolean;
  find(who: string): Person | undefined;
}

export function rosterOf(people: readonly Person[]): Roster {
  return { checked: people.length > 0, find: rosterIndex(people) };
}

/**
 * Why one holder (or deputy) does not fill the role: nobody named, or,
 * when a roster is imported, someone not on it or no longer active; null
 * when they fill it.
 */
function holderGap(what: "holder" | "deputy", who: string | null, roster: Roster): string | null {
  if (who === null) return `no ${what}`;
  if (!roster.checked) return null;
  const person = roster.find(who);
  if (person === undefined) return `${what} ${who} is not on the roster`;
  return person.active ? null : `${what} ${who} has left`;
}

/** What leaves a role unfilled, in words a review can quote: none when it has an active holder and deputy. */
export function roleGaps(role: Pick<IrRole, "holder" | "deputy">, roster: Roster): string[] {
  const gaps = [holderGap("holder", role.holder, roster), holderGap("deputy", role.deputy, roster)].filter(
    (gap): gap is string => gap !== null,
  );
  if (role.holder !== null && role.holder === role.deputy) gaps.push("the holder is their own deputy");
  return gaps;
}

/** `ir_roles_filled`: the plan's roles with an active holder and a different active deputy. */
export function irRolesFilled(roles: readonly IrRole[], people: readonly Person[]): MetricValue {
  const roster = rosterOf(people);
  const unfilled = roles.filter((role) => roleGaps(role, roster).length > 0);
  return percentValue(roles.length - unfilled.length, roles.length, "the plan names no role", {
    unfilled: unfilled.map((role) => role.external_id).sort(),
    roster_checked: roster.checked,
  });
}

/**
 * A runbook at an instant: `reviewed` when its last review is before the
 * instant and its cadence has not run out by it, `overdue` when it has,
 * `never_reviewed` when the plan gives no review (or only one after it).
 */
export type ReviewVerdict = "reviewed" | "overdue" | "never_reviewed";

export interface ReviewJudgement {
  verdict: ReviewVerdict;
  /** The instant the next review is due by: the last one plus the cadence, in the configured zone. */
  due: number | null;
}

export function judgeReview(
  runbook: Pick<Runbook, "review_every" | "last_reviewed_at">,
  at: number,
  timezone: string,
): ReviewJudgement {
  const last = runbook.last_reviewed_at;
  if (last === null || last >= at) return { verdict: "never_reviewed", due: null };
  const due = DateTime.fromMillis(last, { zone: timezone })
    .plus(Duration.fromISO(runbook.review_every))
    .toMillis();
  return { verdict: due >= at ? "reviewed" : "overdue", due };
}

/** `runbooks_reviewed`: the plan's runbooks whose last review is within their cadence at the period end. */
export function runbooksReviewed(runbooks: readonly Runbook[], at: number, timezone: string): MetricValue {
  const byVerdict: Record<ReviewVerdict, number> = { reviewed: 0, overdue: 0, never_reviewed: 0 };
  for (const runbook of runbooks) byVerdict[judgeReview(runbook, at, timezone).verdict]++;
  return percentValue(byVerdict.reviewed, runbooks.length, "the plan lists no runbook", byVerdict);
}

/** How far back an exercise still counts: a runbook rehearsed once a year is the least a plan can claim. */
const EXERCISE_WINDOW = { months: 12 } as const;

/** The instant from which a tabletop held before `at` still counts as exercising a runbook. */
export function exerciseWindowStart(at: number, timezone: string): number {
  return DateTime.fromMillis(at, { zone: timezone }).minus(EXERCISE_WINDOW).toMillis();
}

/**
 * The latest tabletop held in the 12 months before `at` that ran the
 * runbook, named by its id or by its link; null when none did.
 */
export function lastExercise<T extends Tabletop>(
  runbook: Pick<Runbook, "external_id" | "link">,
  tabletops: readonly T[],
  at: number,
  timezone: string,
): T | null {
  const since = exerciseWindowStart(at, timezone);
  const names = new Set([runbook.external_id, ...(runbook.link === null ? [] : [runbook.link])]);
  let latest: T | null = null;
  for (const tabletop of tabletops)
    if (
      tabletop.date >= since &&
      tabletop.date < at &&
      tabletop.runbooks_exercised.some((name) => names.has(name)) &&
      (latest === null || tabletop.date > latest.date)
    )
      latest = tabletop;
  return latest;
}

/** `runbooks_exercised`: the plan's runbooks a tabletop ran in the 12 months before the period end. */
export function runbooksExercised(
  runbooks: readonly Runbook[],
  tabletops: readonly Tabletop[],
  at: number,
  timezone: string,
): MetricValue {
  const idle = runbooks.filter((runbook) => lastExercise(runbook, tabletops, at, timezone) === null);
  return percentValue(runbooks.length - idle.length, runbooks.length, "the plan lists no runbook", {
    not_exercised: idle.map((runbook) => runbook.external_id).sort(),
  });
}
