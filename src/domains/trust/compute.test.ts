import { describe, expect, it } from "vitest";
import { daysUntil, securityTxtDaysLeft } from "./compute.ts";
import type { SecurityTxtSnapshot } from "./records.ts";

const snapshot = (snapshot_at: string, expires: string): SecurityTxtSnapshot => ({
  kind: "security_txt",
  feed: "trust",
  external_id: "https://trust.example.com",
  snapshot_at: Date.parse(snapshot_at),
  expires_at: Date.parse(expires),
  canonical: "https://trust.example.com/.well-known/security.txt",
  contacts: ["mailto:security@example.com"],
});
const END = Date.parse("2026-11-01T00:00:00Z");

describe("security_txt_days_left", () => {
  it.each([
    ["30 whole days ahead", "2026-12-01T00:00:00Z", 30],
    ["a day and a half ahead: whole days only", "2026-11-02T12:00:00Z", 1],
    ["expiring at the period end", "2026-11-01T00:00:00Z", 0],
    ["expired ten days before: 0, not negative", "2026-10-22T00:00:00Z", 0],
  ])("%s", (_case, expires, days) => {
    expect(daysUntil(Date.parse(expires), END)).toBe(days);
  });

  it("reads the latest snapshot, whichever order they come in", () => {
    const value = securityTxtDaysLeft(
      [
        snapshot("2026-10-20T00:00:00Z", "2027-01-30T00:00:00Z"),
        snapshot("2026-06-01T00:00:00Z", "2026-12-01T00:00:00Z"),
      ],
      END,
    );
    // 2026-11-01 to 2027-01-30: 30 (Nov) + 31 (Dec) + 29 = 90 days.
    expect(value).toMatchObject({
      value: 90,
      details: { expired: false, expires: "2027-01-30T00:00:00.000Z" },
    });
  });

  it("has no value without a snapshot", () => {
    expect(securityTxtDaysLeft([], END)).toMatchObject({
      value: null,
      reason: "no trust file imported before the period end",
    });
  });
});
