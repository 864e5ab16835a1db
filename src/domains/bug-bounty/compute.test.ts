import { describe, expect, it } from "vitest";
import { DEFAULT_BOUNTY_TARGETS } from "../../config/schema.ts";
import { milestoneTime, missedTargets } from "./compute.ts";
import type { BountyReport } from "./records.ts";

const HOUR = 3_600_000;
const REPORTED = Date.parse("2026-09-01T00:00:00Z");
const report = (fields: Partial<BountyReport>): BountyReport => ({
  kind: "bounty_report",
  feed: "hackerone",
  external_id: "1",
  platform: "hackerone",
  title: null,
  severity: "medium",
  state: "triaged",
  outcome: "valid",
  reported_at: REPORTED,
  first_response_at: REPORTED + HOUR,
  triaged_at: REPORTED + 2 * HOUR,
  bounty_at: null,
  resolved_at: REPORTED + 24 * HOUR,
  bounty_amount: 0,
  ...fields,
});
const AT = REPORTED + 60 * 24 * HOUR;

describe("a report against the response targets (24 h, 48 h, 14 d, 30 d)", () => {
  it.each([
    ["every milestone on time", {}, []],
    ["a first response at the target itself", { first_response_at: REPORTED + 24 * HOUR }, []],
    [
      "a first response a second late",
      { first_response_at: REPORTED + 24 * HOUR + 1000 },
      ["first_response"],
    ],
    ["a valid report never paid: a bounty is not awaited", { bounty_at: null }, []],
    ["a bounty paid late", { bounty_at: REPORTED + 15 * 24 * HOUR }, ["bounty"]],
    ["a valid report unresolved past 30 d", { resolved_at: null }, ["resolution"]],
    [
      "an invalid report never triaged nor resolved",
      { outcome: "invalid", triaged_at: null, resolved_at: null },
      [],
    ],
    [
      "a pending report with no response past both targets",
      { outcome: "pending", first_response_at: null, triaged_at: null, resolved_at: null },
      ["first_response", "triage"],
    ],
    [
      "a pending report triaged on time: the triage answered it",
      { outcome: "pending", first_response_at: null, resolved_at: null },
      [],
    ],
  ] as const)("%s", (_case, fields, missed) => {
    expect(missedTargets(report(fields), DEFAULT_BOUNTY_TARGETS, AT)).toEqual(missed);
  });

  it("does not miss an awaited milestone before its target has passed", () => {
    const fresh = report({
      outcome: "pending",
      first_response_at: null,
      triaged_at: null,
      resolved_at: null,
    });
    expect(missedTargets(fresh, DEFAULT_BOUNTY_TARGETS, REPORTED + 24 * HOUR)).toEqual([]);
  });

  it("gives the median as the value, the nearest-rank p90 beside it, and counts those still awaiting", () => {
    // First responses of 1 h, 2 h, 9 h → median 2 h; p90 rank ⌈2.7⌉ = 3 → 9 h; the pending one is open, 60 d old.
    const value = milestoneTime(
      [
        report({ first_response_at: REPORTED + HOUR }),
        report({ first_response_at: REPORTED + 2 * HOUR }),
        report({ first_response_at: REPORTED + 9 * HOUR }),
        report({ outcome: "pending", first_response_at: null, triaged_at: null }),
      ],
      "first_response",
      AT,
    );
    expect(value).toMatchObject({
      value: 7200,
      median: 7200,
      p90: 32_400,
      n: 3,
      open: 1,
      oldest_open_age: 5_184_000,
    });
  });
});
