import { describe, expect, it } from "vitest";
import { cronProblem, cronSchedule } from "./cron-schedule.ts";

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe("cronSchedule", () => {
  it.each([
    // Daily at 06:00 UTC: from the afternoon, the next morning.
    ["0 6 * * *", "UTC", "2026-12-02T13:28:00Z", "2026-12-03T06:00:00.000Z"],
    // On the due instant itself: the next one, not the same (strictly after).
    ["0 6 * * *", "UTC", "2026-12-02T06:00:00Z", "2026-12-03T06:00:00.000Z"],
    ["0 6 * * *", "UTC", "2026-12-02T05:59:59.999Z", "2026-12-02T06:00:00.000Z"],
    // Every quarter hour: 13:28 → 13:30.
    ["*/15 * * * *", "UTC", "2026-12-02T13:28:00Z", "2026-12-02T13:30:00.000Z"],
    // Mondays 06:00 in Berlin (CET, UTC+1): Wednesday 2 December → Monday 7 December 05:00Z.
    ["0 6 * * 1", "Europe/Berlin", "2026-12-02T13:28:00Z", "2026-12-07T05:00:00.000Z"],
    // 02:30 does not exist in Berlin on 29 March 2026 (clocks go 02:00 → 03:00 CEST): once, at 03:30 CEST.
    ["30 2 * * *", "Europe/Berlin", "2026-03-28T12:00:00Z", "2026-03-29T01:30:00.000Z"],
    // First of the month at midnight, across a year end.
    ["0 0 1 * *", "UTC", "2026-12-02T00:00:00Z", "2027-01-01T00:00:00.000Z"],
  ])("%s in %s after %s is %s", (expression, zone, after, next) => {
    expect(iso(cronSchedule(expression, zone).next(at(after)))).toBe(next);
  });

  it("lists successive runs by asking again from each", () => {
    const schedule = cronSchedule("0 */6 * * *", "UTC");
    const runs: string[] = [];
    let after = at("2026-12-02T13:28:00Z");
    for (let i = 0; i < 3; i++) runs.push(iso((after = schedule.next(after))));
    expect(runs).toEqual([
      "2026-12-02T18:00:00.000Z",
      "2026-12-03T00:00:00.000Z",
      "2026-12-03T06:00:00.000Z",
    ]);
  });
});

describe("cronProblem", () => {
  it("takes a five-field expression", () => {
    expect(cronProblem("0 6 * * 1-5")).toBeUndefined();
  });

  it.each([
    ["0 6 * * * *", '"0 6 * * * *" has 6 fields; a cron schedule has 5'],
    ["@daily", '"@daily" has 1 field; a cron schedule has 5'],
    ["61 * * * *", '"61 * * * *" is not a cron schedule: Constraint error, got value 61 expected range 0-59'],
    ["0 25 * * *", '"0 25 * * *" is not a cron schedule: Constraint error, got value 25 expected range 0-23'],
  ])("says why %s is not one", (expression, problem) => {
    expect(cronProblem(expression)).toContain(problem);
  });
});
