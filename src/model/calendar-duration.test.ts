import { describe, expect, it } from "vitest";
import { addCalendarDuration, isEmptyDuration, parseCalendarDuration } from "./calendar-duration.ts";

const at = (iso: string) => Date.parse(iso);

describe("a calendar duration", () => {
  it.each([
    ["P3M", { months: 3 }],
    ["p1y", { years: 1 }],
    ["P1Y6M", { years: 1, months: 6 }],
    ["P2W", { weeks: 2 }],
    ["90d", { seconds: 90 * 86_400 }],
    [3600, { seconds: 3600 }],
  ] as const)("reads %s", (text, parts) => {
    expect(parseCalendarDuration(text)?.parts).toEqual(parts);
  });

  it.each(["quarterly", "P", "P3X", "-P1M", ""])("refuses %j", (text) => {
    expect(parseCalendarDuration(text)).toBeUndefined();
  });

  it("adds months on the calendar: 31 January plus a month is the last day of February", () => {
    const month = parseCalendarDuration("P1M");
    expect(month && addCalendarDuration(at("2026-01-31T00:00:00Z"), month, "UTC")).toBe(
      at("2026-02-28T00:00:00Z"),
    );
  });

  it("adds a quarter in the zone's wall-clock time, across a change of offset", () => {
    // Berlin is UTC+1 in January and UTC+2 in April: midnight stays midnight.
    const quarter = parseCalendarDuration("P3M");
    expect(quarter && addCalendarDuration(at("2026-01-14T23:00:00Z"), quarter, "Europe/Berlin")).toBe(
      at("2026-04-14T22:00:00Z"),
    );
  });

  it("tells a duration of nothing", () => {
    expect(isEmptyDuration(parseCalendarDuration("P0D") ?? { text: "", parts: { days: 1 } })).toBe(true);
    expect(isEmptyDuration(parseCalendarDuration("0") ?? { text: "", parts: { days: 1 } })).toBe(true);
    expect(isEmptyDuration(parseCalendarDuration("P1D") ?? { text: "", parts: {} })).toBe(false);
  });
});
