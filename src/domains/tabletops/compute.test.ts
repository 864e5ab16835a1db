import { describe, expect, it } from "vitest";
import { parseConfig } from "../../config/load.ts";
import { parsePeriod } from "../../model/period.ts";
import { buildTabletop } from "../../test-support/records.ts";
import { judgeQuarters, missingOutputs, tabletopPolicy, tabletopsOnSchedule } from "./compute.ts";

const period = (id: string, timezone = "UTC") => parsePeriod(id, { timezone, iterations: [] });
const policy = (config: Parameters<typeof parseConfig>[0] = {}) => tabletopPolicy(parseConfig(config));
const held = (quarter: string, date: string, fields: Partial<Parameters<typeof buildTabletop>[0]> = {}) =>
  buildTabletop({ external_id: `${quarter}@${date}`, quarter, date: Date.parse(date), ...fields });

describe("tabletops_on_schedule", () => {
  it.each([
    // [case, period, tabletops, verdicts of the year's quarters so far, value by hand]
    [
      "Q1 held in time, judged at its end",
      "2026-03",
      [held("2026-Q1", "2026-03-31T23:59:00Z")],
      ["on_time"],
      100,
    ],
    ["Q1 not held by its end: missed", "2026-03", [], ["not_held"], 0],
    [
      "Q1 held on its due instant: late; Q2 begun, not due: pending",
      "2026-04",
      [held("2026-Q1", "2026-04-01T00:00:00Z")],
      ["held_late", "pending"],
      0,
    ],
    ["Q1 not due yet in February: pending, nothing judged", "2026-02", [], ["pending"], null],
    [
      "Q1 held early without a runbook, not due yet: pending (outputs may still come)",
      "2026-02",
      [held("2026-Q1", "2026-02-10T00:00:00Z", { runbooks_updated: [] })],
      ["pending"],
      null,
    ],
    [
      "Q2 held early, complete: on time before its due date; Q1 missed → 1 / 2",
      "2026-05",
      [held("2026-Q2", "2026-05-10T00:00:00Z")],
      ["not_held", "on_time"],
      50,
    ],
    [
      "two tabletops for one quarter: the complete one stands for it",
      "2026-03",
      [
        held("2026-Q1", "2026-02-01T00:00:00Z", { postmortem: null }),
        held("2026-Q1", "2026-03-20T00:00:00Z"),
      ],
      ["on_time"],
      100,
    ],
    [
      "a tabletop held after the period end is not held yet",
      "2026-03",
      [held("2026-Q1", "2026-04-02T00:00:00Z")],
      ["not_held"],
      0,
    ],
    [
      "last year's tabletops do not count for this year",
      "2026-03",
      [held("2025-Q1", "2025-03-02T00:00:00Z")],
      ["not_held"],
      0,
    ],
  ])("%s", (_case, id, tabletops, verdicts, value) => {
    const on = policy();
    expect(judgeQuarters(period(id), tabletops, on).map((judged) => judged.verdict)).toEqual(verdicts);
    expect(tabletopsOnSchedule(tabletops, period(id), on).value).toBe(value);
  });

  it("ends a quarter in the configured time zone, plus the grace days", () => {
    // Berlin: Q1 ends 2026-04-01T00:00+02:00 = 03-31T22:00Z. A tabletop at 22:30Z is late there…
    const late = [held("2026-Q1", "2026-03-31T22:30:00Z")];
    const berlin = policy({ timezone: "Europe/Berlin" });
    expect(tabletopsOnSchedule(late, period("2026-04", "Europe/Berlin"), berlin).value).toBe(0);
    // …and on time with one grace day (due 04-02T00:00+02:00).
    const graced = policy({ timezone: "Europe/Berlin", tabletops: { grace_days: 1 } });
    expect(tabletopsOnSchedule(late, period("2026-04", "Europe/Berlin"), graced).value).toBe(100);
  });

  it("names the outputs a tabletop lacks", () => {
    const bare = held("2026-Q1", "2026-03-01T00:00:00Z", {
      postmortem: null,
      runbooks_updated: [],
      actions: 0,
    });
    expect(missingOutputs(bare)).toEqual(["postmortem", "runbooks_updated", "actions"]);
  });
});
