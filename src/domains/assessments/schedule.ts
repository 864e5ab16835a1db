import type { AssessmentScheduleEntry } from "../../config/assessments.ts";
import {
  addCalendarDuration,
  type CalendarDuration,
  subtractCalendarDuration,
} from "../../model/calendar-duration.ts";
import { parseTimestamp } from "../../model/time.ts";
import type { Assessment } from "./records.ts";

/**
 * Where a scheduled assessment stands at an instant (a period end), judged
 * on its latest due date before it:
 * - `on_time`: held by the due date plus the grace;
 * - `late`: held, after that;
 * - `overdue`: not held, and the grace ran out before the instant;
 * - `pending`: not held, still within the grace (not judged yet);
 * - `not_due`: its first due date is not before the instant.
 */
export type ScheduleStanding = "on_time" | "late" | "overdue" | "pending" | "not_due";

export interface ScheduleJudgement<A extends Assessment = Assessment> {
  standing: ScheduleStanding;
  /** The due date judged; null when none came before the instant. */
  due_at: number | null;
  /** The due date plus the grace: held after it, the assessment is late. */
  deadline: number | null;
  /** The assessment that held the judged due date. */
  held_by: A | null;
  /** The due date after the judged one (the judged one itself while it is not held). */
  next_due_at: number;
}

/** What the schedule is judged with: the default grace and the zone its dates are read in. */
export interface SchedulePolicy {
  grace: CalendarDuration;
  timezone: string;
}

const holds = (entry: AssessmentScheduleEntry) => (assessment: Assessment) =>
  assessment.type === entry.type && assessment.scope.toLowerCase() === entry.scope.toLowerCase();

/**
 * Walks an entry's due dates up to `at`. Each is held by the first
 * assessment of the entry's type and scope completed after the previous
 * one held (for the first, after `last_held`, else within a cadence before
 * `first_due`), and the next is due a cadence after that completion: a late
 * assessment moves the schedule, it does not leave a debt behind. An
 * assessment completed at or after `at` is not known yet.
 */
export function judgeSchedule<A extends Assessment>(
  entry: AssessmentScheduleEntry,
  assessments: readonly A[],
  at: number,
  policy: SchedulePolicy,
): ScheduleJudgement<A> {
  const zone = policy.timezone;
  const date = (text: string | undefined) =>
    text === undefined ? null : (parseTimestamp(text, zone) ?? null);
  const completions = assessments
    .filter(holds(entry))
    .flatMap((assessment) =>
      assessment.completed_at !== null && assessment.completed_at < at
        ? [{ assessment, at: assessment.completed_at }]
        : [],
    )
    .sort((a, b) => a.at - b.at);
  const lastHeld = date(entry.last_held);
  const firstDue = date(entry.first_due);
  let due = firstDue ?? addCalendarDuration(lastHeld as number, entry.cadence, zone);
  let heldAfter = lastHeld ?? subtractCalendarDuration(due, entry.cadence, zone);
  const grace = entry.grace ?? policy.grace;
  let judged: Omit<ScheduleJudgement<A>, "next_due_at"> | null = null;
  while (due < at) {
    const deadline = addCalendarDuration(due, grace, zone);
    const held = completions.find((completion) => completion.at > heldAfter);
    if (held === undefined) {
      const standing = deadline < at ? "overdue" : "pending";
      return { standing, due_at: due, deadline, held_by: null, next_due_at: due };
    }
    judged = {
      standing: held.at <= deadline ? "on_time" : "late",
      due_at: due,
      deadline,
      held_by: held.assessment,
    };
    heldAfter = held.at;
    due = addCalendarDuration(held.at, entry.cadence, zone);
  }
  return {
    ...(judged ?? { standing: "not_due", due_at: null, deadline: null, held_by: null }),
    next_due_at: due,
  };
}

/** The standings a percentage is over: those judged, neither pending nor not due yet. */
export const JUDGED_STANDINGS: readonly ScheduleStanding[] = ["on_time", "late", "overdue"];
