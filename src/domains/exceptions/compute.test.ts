import { describe, expect, it } from "vitest";
import { buildException } from "../../test-support/records.ts";
import { daysLeft, exceptionCounts, exceptionState, isExpiringSoon, scopeText } from "./compute.ts";

const END = Date.parse("2026-11-01T00:00:00Z");
const DAY = 86_400_000;
const SNAPSHOT = END - 10 * DAY;
const exception = (fields: Partial<Parameters<typeof buildException>[0]> & { expires_at: number | null }) =>
  buildException({ external_id: "EX", snapshot_at: SNAPSHOT, ...fields });

describe("an exception's state at the period end", () => {
  it.each([
    ["expires a second after the end: open", { expires_at: END + 1000 }, "open"],
    ["expires exactly at the end: expired", { expires_at: END }, "expired"],
    ["expired a month before: expired", { expires_at: END - 30 * DAY }, "expired"],
    ["approved a millisecond before the end: open", { approved_at: END - 1, expires_at: END + DAY }, "open"],
    ["approved at the end itself: not started", { approved_at: END, expires_at: END + DAY }, "not_started"],
    ["no approval time: approved as of its snapshot", { approved_at: null, expires_at: END + DAY }, "open"],
    [
      "revoked, its expiry past: revoked, never expired",
      { status: "revoked", expires_at: END - DAY },
      "revoked",
    ],
    ["closed: closed", { status: "closed", expires_at: END + DAY }, "closed"],
    ["requested: requested", { status: "requested", expires_at: null }, "requested"],
    ["rejected: rejected", { status: "rejected", expires_at: null }, "rejected"],
  ] as const)("%s", (_case, fields, state) => {
    expect(exceptionState(exception(fields), END)).toBe(state);
  });

  it.each([
    ["expiry 30 days after the end, to the millisecond", END + 30 * DAY, true],
    ["expiry 30 days and 1 ms after the end", END + 30 * DAY + 1, false],
    ["expiry a minute after the end", END + 60_000, true],
    ["expiry at the end: expired, not expiring", END, false],
  ] as const)("expiring within 30 days: %s", (_case, expires_at, expiring) => {
    expect(isExpiringSoon(exception({ expires_at }), END)).toBe(expiring);
  });

  it("counts days left in whole days, negative once expired", () => {
    expect(daysLeft(exception({ expires_at: END + 19.5 * DAY }), END)).toBe(19);
    expect(daysLeft(exception({ expires_at: END - 0.5 * DAY }), END)).toBe(-1);
    expect(daysLeft(exception({ expires_at: null }), END)).toBeNull();
  });
});

describe("exceptionCounts", () => {
  it("counts open, expiring and expired exceptions, with every state in the details", () => {
    // open: a (61 d left), b (19 d, expiring); expired: c; not started: d; revoked: e.
    const values = exceptionCounts(
      [
        exception({ external_id: "a", expires_at: END + 61 * DAY }),
        exception({ external_id: "b", expires_at: END + 19 * DAY }),
        exception({ external_id: "c", expires_at: END - 31 * DAY }),
        exception({ external_id: "d", approved_at: END + DAY, expires_at: END + 90 * DAY }),
        exception({ external_id: "e", status: "revoked", expires_at: END - DAY }),
      ],
      END,
    );
    expect(values.open_exceptions.value).toBe(2);
    expect(values.exceptions_expiring_30d.value).toBe(1);
    expect(values.expired_exceptions.value).toBe(1);
    expect(values.open_exceptions.details).toEqual({
      by_state: { open: 2, expired: 1, not_started: 1, requested: 0, rejected: 0, revoked: 1, closed: 0 },
      registers: ["exceptions"],
      // No check result suppressed in a tool.
      unregistered: 0,
      unregistered_exceptions: [],
    });
  });

  it("counts zero for a register with no exception in force", () => {
    expect(exceptionCounts([], END).open_exceptions.value).toBe(0);
  });
});

describe("scopeText", () => {
  it("names each part of the scope that has ids", () => {
    expect(
      scopeText({ controls: ["AC-2", "AC-6"], checks: [], assets: ["web-1"], findings: ["CVE-2026-1"] }),
    ).toBe("controls: AC-2, AC-6; assets: web-1; findings: CVE-2026-1");
  });
});
