import { describe, expect, it } from "vitest";
import { laterDataEnd, staleReason, vouchedUntil } from "./staleness.ts";

const at = (iso: string) => Date.parse(iso);
const DAY = 86_400;
/** November 2026 in UTC. */
const NOVEMBER = { start: at("2026-11-01T00:00:00Z"), end: at("2026-12-01T00:00:00Z") };
const AFTER = at("2027-01-15T00:00:00Z");
const UTC = { cadenceSeconds: 28 * DAY, now: AFTER, timezone: "UTC" };

describe("staleReason", () => {
  it.each([
    // 11-03 00:00 → 12-01 00:00 = 28 d: not more than the cadence
    { end: "2026-11-03T00:00:00Z", reason: null },
    // one millisecond earlier: 28 d 1 ms, more than the cadence → 28 whole days
    {
      end: "2026-11-02T23:59:59.999Z",
      reason: "last incident: 2026-11-02 (28 days before the period's end; expected at least every 28 d)",
    },
    // 10-30 10:00 → 12-01 00:00 = 31 d 14 h → 31 days
    {
      end: "2026-10-30T10:00:00Z",
      reason: "last incident: 2026-10-30 (31 days before the period's end; expected at least every 28 d)",
    },
    // after the period: never stale
    { end: "2026-12-20T00:00:00Z", reason: null },
  ])("data ending $end: $reason", ({ end, reason }) => {
    expect(staleReason({ at: at(end), record: "incident" }, NOVEMBER, UTC)).toBe(reason);
  });

  it("says nothing of a family with no data: that is no data, not stale", () => {
    expect(staleReason(null, NOVEMBER, UTC)).toBeNull();
  });

  it("judges a running period now, with one day in the singular", () => {
    // now 11-10 12:00, data ends 11-09 06:00: 1 d 6 h > 1 d cadence → 1 day
    const context = { cadenceSeconds: DAY, now: at("2026-11-10T12:00:00Z"), timezone: "UTC" };
    expect(staleReason({ at: at("2026-11-09T06:00:00Z"), record: "auth event" }, NOVEMBER, context)).toBe(
      "last auth event: 2026-11-09 (1 day before now; expected at least every 24 h)",
    );
  });

  it.each([
    { days: 999, written: "999 days" },
    { days: 1000, written: "1,000 days" },
    { days: 100_000, written: "100,000 days" },
    { days: 1_000_000, written: "1,000,000 days" },
  ])("writes $days days as $written", ({ days, written }) => {
    // Data ending exactly `days` days and 1 ms before the period's end.
    const end = { at: NOVEMBER.end - days * DAY * 1000 - 1, record: "incident" };
    expect(staleReason(end, NOVEMBER, UTC)).toContain(`(${written} before the period's end;`);
  });

  it("writes the date in the configured time zone and the days with thousands separators", () => {
    // 2021-08-25 02:00 UTC is 2021-08-25 11:00 in Tokyo (+9) and 2021-08-24 22:00 in New York (−4).
    // To 12-01 00:00 UTC: 1,924 days less 2 h → 1,923 days.
    const end = { at: at("2021-08-25T02:00:00Z"), record: "scan of registry.example/api" };
    expect(staleReason(end, NOVEMBER, { ...UTC, timezone: "Asia/Tokyo" })).toBe(
      "last scan of registry.example/api: 2021-08-25 (1,923 days before the period's end; expected at least every 28 d)",
    );
    expect(staleReason(end, NOVEMBER, { ...UTC, timezone: "America/New_York" })).toMatch(
      /^last scan of registry\.example\/api: 2021-08-24 \(1,923 days/,
    );
  });
});

describe("vouchedUntil", () => {
  const imports = new Map([
    ["asff", { lastImportAt: at("2026-11-02T00:00:00Z"), coversUntil: at("2026-11-05T00:00:00Z") }],
  ]);

  it("takes the later of an export's --covers-until and a successful pull of the same sources", () => {
    const checked = new Map([["asff", at("2026-11-09T00:00:00Z")]]);
    expect(vouchedUntil(imports, checked, ["asff"])).toEqual({
      at: at("2026-11-09T00:00:00Z"),
      record: "successful pull of asff (nothing newer)",
    });
    expect(vouchedUntil(imports, new Map(), ["asff"])).toEqual({
      at: at("2026-11-05T00:00:00Z"),
      record: "export covering its source (--covers-until)",
    });
    expect(vouchedUntil(imports, checked, ["sarif"])).toBeNull();
  });

  it("moves a data end only forward, and never gives data to a family with none", () => {
    const vouched = { at: at("2026-11-09T00:00:00Z"), record: "pull" };
    const end = { at: at("2026-11-01T00:00:00Z"), record: "finding" };
    expect(laterDataEnd(end, vouched)).toBe(vouched);
    expect(laterDataEnd({ ...end, at: at("2026-11-10T00:00:00Z") }, vouched)).toMatchObject({
      record: "finding",
    });
    expect(laterDataEnd(null, vouched)).toBeNull();
  });
});
