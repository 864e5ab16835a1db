import { describe, expect, it } from "vitest";
import {
  durationScale,
  formatDate,
  formatDuration,
  formatDurationIn,
  formatInstant,
  formatPeriodRange,
  formatQuantity,
  formatTarget,
} from "./format.ts";
import { parsePeriod } from "./period.ts";

describe("formatQuantity", () => {
  it.each([
    [546, "seconds", "9.1 min"], // 546 / 60 = 9.1
    [45, "seconds", "45 s"],
    [1800, "seconds", "30 min"],
    [3 * 86_400, "seconds", "3 d"],
    [66.6667, "percent", "67%"],
    [4.25, "percent", "4.3%"],
    [12, "count", "12"],
    [0.59, "count", "0.6"], // an XmR limit of a count metric keeps its decimal
    [null, "count", "—"],
  ] as const)("%s %s → %s", (value, unit, text) => {
    expect(formatQuantity(value, unit)).toBe(text);
  });

  it("writes targets in words", () => {
    expect(formatTarget({ op: "<", value: 300 }, "seconds")).toBe("under 5 min");
    expect(formatTarget({ op: "==", value: 0 }, "count")).toBe("0");
    expect(formatTarget(null, "count")).toBe("no target");
    expect(formatDuration(7200)).toBe("2 h");
  });

  it.each([
    // 6/7 = 85.714…% and a limit of 85.74%: both "86%" at 0 decimals, told apart at 1
    [600 / 7, "percent", 1, "85.7%"],
    [85.74, "percent", 1, "85.7%"],
    [85.74, "percent", 2, "85.74%"],
    [4.25, "percent", 1, "4.25%"],
    [546.5, "seconds", 1, "9.11 min"], // 546.5 / 60 = 9.108
    [0.594, "count", 1, "0.59"],
    [7, "count", 2, "7"], // a whole count needs no decimals
  ] as const)("%s %s with %s more digits → %s", (value, unit, extra, text) => {
    expect(formatQuantity(value, unit, extra)).toBe(text);
  });
});

describe("durations on one scale", () => {
  it("writes every value in the unit the largest reads in", () => {
    const minutes = durationScale(1590); // 26.5 min
    expect([
      formatDurationIn(0, minutes),
      formatDurationIn(45, minutes),
      formatDurationIn(1590, minutes),
    ]).toEqual([
      "0 min",
      "0.8 min", // 45 / 60 = 0.75, one decimal under 10 min
      "27 min",
    ]);
  });
});

describe("dates in the configured zone", () => {
  const at = (zone: string) => ({ timezone: zone, iterations: [] });

  it.each([
    // September 2026 in New York runs from 2026-09-01T04:00Z (EDT, UTC−4) to 2026-10-01T04:00Z.
    ["America/New_York", "2026-09", "2026-09-01 to 2026-09-30 (America/New_York)"],
    // Q4 2026 in Tokyo (UTC+9, no DST) starts 2026-09-30T15:00Z.
    ["Asia/Tokyo", "2026-Q4", "2026-10-01 to 2026-12-31 (Asia/Tokyo)"],
    // ISO week 44 of 2026 (Mon Oct 26 to Sun Nov 1) holds the end of DST in New York on Nov 1:
    // 169 hours, still seven whole local days.
    ["America/New_York", "2026-W44", "2026-10-26 to 2026-11-01 (America/New_York)"],
    ["UTC", "2026-09", "2026-09-01 to 2026-09-30 (UTC)"],
  ])("labels a period of %s, %s, by its local days", (zone, id, text) => {
    const period = parsePeriod(id, at(zone));
    expect(formatPeriodRange(period.start, period.end, zone)).toBe(text);
  });

  it("writes both instants of a range that does not start at local midnight", () => {
    const start = Date.UTC(2026, 8, 1, 0);
    expect(formatPeriodRange(start, start + 86_400_000, "Asia/Tokyo")).toBe(
      "2026-09-01 09:00 Asia/Tokyo to 2026-09-02 09:00 Asia/Tokyo (end excluded)",
    );
  });

  it("writes an instant and a date in the zone", () => {
    // 2026-09-30T23:30Z is already October 1st, 08:30 in Tokyo, and still September 30th, 19:30 in New York.
    const late = Date.UTC(2026, 8, 30, 23, 30);
    expect(formatInstant(late, "Asia/Tokyo")).toBe("2026-10-01 08:30 Asia/Tokyo");
    expect(formatInstant(late, "America/New_York")).toBe("2026-09-30 19:30 America/New_York");
    expect(formatDate(late, "Asia/Tokyo")).toBe("2026-10-01");
    expect(formatInstant(late, "UTC")).toBe("2026-09-30 23:30 UTC");
  });
});
