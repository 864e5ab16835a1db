import { describe, expect, it } from "vitest";
import type { AssessmentScheduleEntry } from "../../config/assessments.ts";
import { parseCalendarDuration } from "../../model/calendar-duration.ts";
import { buildAssessment } from "../../test-support/records.ts";
import type { Assessment } from "./records.ts";
import { judgeSchedule } from "./schedule.ts";

const at = (iso: string) => Date.parse(iso);
const duration = (text: string) => {
  const parsed = parseCalendarDuration(text);
  if (!parsed) throw new Error(text);
  return parsed;
};
const POLICY = { grace: duration("14d"), timezone: "UTC" };
/** Due 2026-06-30 every six months; with 14 days' grace, late after 2026-07-14 00:00Z. */
const ENTRY: AssessmentScheduleEntry = {
  type: "red_team",
  scope: "production",
  cadence: duration("P6M"),
  first_due: "2026-06-30",
};
const held = (completed: string | null, fields: Partial<Assessment> = {}): Assessment =>
  buildAssessment({
    external_id: `RT ${completed}`,
    snapshot_at: at("2026-01-01T00:00:00Z"),
    started_at: at("2025-01-01T00:00:00Z"),
    completed_at: completed === null ? null : at(completed),
    ...fields,
  });

describe("a scheduled assessment's standing", () => {
  it.each([
    ["held within the grace", [held("2026-07-10T00:00:00Z")], "2026-08-01T00:00:00Z", "on_time"],
    ["held at the deadline itself", [held("2026-07-14T00:00:00Z")], "2026-08-01T00:00:00Z", "on_time"],
    ["held a millisecond after it", [held("2026-07-14T00:00:00.001Z")], "2026-08-01T00:00:00Z", "late"],
    ["not held, the deadline is the instant itself", [], "2026-07-14T00:00:00Z", "pending"],
    ["not held, the deadline passed", [], "2026-07-14T00:00:00.001Z", "overdue"],
    ["first due at the instant itself", [], "2026-06-30T00:00:00Z", "not_due"],
    [
      "held before the cadence that leads to it",
      [held("2025-12-29T00:00:00Z")],
      "2026-08-01T00:00:00Z",
      "overdue",
    ],
    [
      "held by another type",
      [held("2026-07-10T00:00:00Z", { type: "peer_review" })],
      "2026-08-01T00:00:00Z",
      "overdue",
    ],
    [
      "held for the scope in other case",
      [held("2026-07-10T00:00:00Z", { scope: "PRODUCTION" })],
      "2026-08-01T00:00:00Z",
      "on_time",
    ],
    ["still running", [held(null)], "2026-08-01T00:00:00Z", "overdue"],
    [
      "completed at the instant itself: not known yet",
      [held("2026-07-10T00:00:00Z")],
      "2026-07-10T00:00:00Z",
      "pending",
    ],
  ] as const)("%s: %s", (_case, assessments, instant, standing) => {
    expect(judgeSchedule(ENTRY, assessments, at(instant), POLICY).standing).toBe(standing);
  });

  it("moves the next due date a cadence after each completion, late or not", () => {
    const late = judgeSchedule(ENTRY, [held("2026-07-25T00:00:00Z")], at("2026-08-01T00:00:00Z"), POLICY);
    expect(late).toMatchObject({
      due_at: at("2026-06-30T00:00:00Z"),
      deadline: at("2026-07-14T00:00:00Z"),
      next_due_at: at("2027-01-25T00:00:00Z"),
    });
    // The second cycle, due 2027-01-25, held on 01-20: judged on it from then on.
    const second = judgeSchedule(
      ENTRY,
      [held("2026-07-25T00:00:00Z"), held("2027-01-20T00:00:00Z")],
      at("2027-02-01T00:00:00Z"),
      POLICY,
    );
    expect(second).toMatchObject({ standing: "on_time", due_at: at("2027-01-25T00:00:00Z") });
    expect(second.held_by?.external_id).toBe("RT 2027-01-20T00:00:00Z");
  });

  it("is first due a cadence after last_held when no first_due is given, with the entry's own grace", () => {
    const entry = { ...ENTRY, first_due: undefined, last_held: "2026-01-15", grace: duration("0") };
    const judged = judgeSchedule(entry, [held("2026-07-16T00:00:00Z")], at("2026-08-01T00:00:00Z"), POLICY);
    expect(judged).toMatchObject({ standing: "late", due_at: at("2026-07-15T00:00:00Z") });
    // A completion on or before last_held is the one already counted.
    expect(
      judgeSchedule(entry, [held("2026-01-15T00:00:00Z")], at("2026-08-01T00:00:00Z"), POLICY).standing,
    ).toBe("overdue");
  });

  it("reads the schedule's dates in the configured zone", () => {
    // Due 2026-06-30 00:00 in Tokyo is 06-29 15:00Z; no grace.
    const tokyo = { grace: duration("0"), timezone: "Asia/Tokyo" };
    expect(judgeSchedule(ENTRY, [], at("2026-06-29T15:00:00.001Z"), tokyo)).toMatchObject({
      standing: "overdue",
      due_at: at("2026-06-29T15:00:00Z"),
    });
  });
});
