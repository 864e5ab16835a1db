import { describe, expect, it } from "vitest";
import { buildSecretAlert } from "../../test-support/records.ts";
import { secretsExposed, secretTimeToRevoke } from "./compute.ts";

const HOUR = 3_600_000;
const MARCH = { start: Date.parse("2024-03-01T00:00:00Z"), end: Date.parse("2024-04-01T00:00:00Z") };
const { start, end } = MARCH;

describe("secretsExposed", () => {
  it.each([
    ["opened at the period's first instant", { created_at: start, resolved_at: null }, 1, 1],
    ["opened at its end: the next period's", { created_at: end, resolved_at: null }, 0, 0],
    ["revoked at its last instant: open no more", { created_at: start, resolved_at: end - 1 }, 1, 0],
    ["revoked at its end: still open at it", { created_at: start, resolved_at: end }, 1, 1],
  ] as const)("%s", (_, times, exposed, stillOpen) => {
    const value = secretsExposed(
      [buildSecretAlert({ number: 1, resolution: times.resolved_at ? "revoked" : null, ...times })],
      MARCH,
    );
    expect([value.value, value.details.still_open]).toEqual([exposed, stillOpen]);
  });

  it("leaves out each resolution that says no live secret was found, and counts won't fix", () => {
    const alerts = (
      ["false_positive", "used_in_tests", "pattern_edited", "pattern_deleted", "wont_fix"] as const
    ).map((resolution, i) =>
      buildSecretAlert({ number: i + 1, created_at: start, resolution, resolved_at: start + HOUR }),
    );
    expect(secretsExposed(alerts, MARCH)).toMatchObject({
      value: 1,
      details: {
        no_live_secret: { false_positive: 1, used_in_tests: 1, pattern_edited: 1, pattern_deleted: 1 },
      },
    });
  });

  it("is zero, not missing, for a period in which nothing leaked", () => {
    expect(secretsExposed([], MARCH)).toMatchObject({ value: 0, n: 0, reason: null });
  });
});

describe("secretTimeToRevoke", () => {
  it("counts a revocation in the period of its resolution, whenever the secret leaked", () => {
    // Opened 10 h before March, revoked 2 h into it: 12 h = 43200 s, in March.
    const revoked = buildSecretAlert({
      number: 1,
      created_at: start - 10 * HOUR,
      resolution: "revoked",
      resolved_at: start + 2 * HOUR,
    });
    expect(secretTimeToRevoke([revoked], MARCH, end)).toMatchObject({ value: 43200, n: 1, open: 0 });
    const february = { start: start - 29 * 24 * HOUR, end: start };
    expect(secretTimeToRevoke([revoked], february, end)).toMatchObject({ value: null, open: 1 });
  });

  it("ages the open ones at now while the period runs, and says why there is no value", () => {
    const open = buildSecretAlert({ number: 1, created_at: start });
    expect(secretTimeToRevoke([open], MARCH, start + 5 * HOUR)).toMatchObject({
      value: null,
      reason: "no secret scanning alert revoked in the period",
      open: 1,
      oldest_open_age: 18000,
    });
  });
});
