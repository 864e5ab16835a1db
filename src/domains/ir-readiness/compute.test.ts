import { describe, expect, it } from "vitest";
import { buildIrRole, buildPerson, buildRunbook, buildTabletop } from "../../test-support/records.ts";
import { irRolesFilled, judgeReview, lastExercise, roleGaps, rosterOf } from "./compute.ts";

const at = (iso: string) => Date.parse(iso);
const END = at("2026-10-01T00:00:00Z");

describe("ir_roles_filled", () => {
  const roster = rosterOf([
    buildPerson({ external_id: "P1", email: "ann@example.com" }),
    buildPerson({ external_id: "P2", email: "ben@example.com", active: false }),
    buildPerson({ external_id: "P3", email: "cat@example.com" }),
  ]);
  it.each([
    ["holder and deputy active, by id and by e-mail", "P1", "cat@example.com", []],
    ["an e-mail in another case still finds the person", "ANN@example.com", "P3", []],
    ["no holder and no deputy", null, null, ["no holder", "no deputy"]],
    ["a deputy who left", "P1", "P2", ["deputy P2 has left"]],
    ["a holder on no roster", "zed@example.com", "P3", ["holder zed@example.com is not on the roster"]],
    ["one person holds and deputises", "P1", "P1", ["the holder is their own deputy"]],
  ])("%s", (_case, holder, deputy, gaps) => {
    expect(roleGaps({ holder, deputy }, roster)).toEqual(gaps);
  });

  it("names anyone when no roster is imported: only vacancies and self-deputies break a role", () => {
    const roles = [
      buildIrRole({ external_id: "ic", holder: "a", deputy: "b" }),
      buildIrRole({ external_id: "comms", holder: "c" }),
      buildIrRole({ external_id: "legal", holder: "d", deputy: "d" }),
    ];
    // ic filled; comms lacks a deputy; legal deputises for itself → 1 / 3.
    const value = irRolesFilled(roles, []);
    expect(value.value).toBeCloseTo(100 / 3, 10);
    expect(value.details).toEqual({ unfilled: ["comms", "legal"], roster_checked: false });
    expect(irRolesFilled([], []).value).toBeNull();
  });
});

describe("runbooks_reviewed", () => {
  it.each([
    // [case, last reviewed, cadence, zone, verdict]
    ["due exactly at the period end: still in time", "2026-07-01T00:00:00Z", "P3M", "UTC", "reviewed"],
    ["due a millisecond before the end: overdue", "2026-06-30T23:59:59.999Z", "P3M", "UTC", "overdue"],
    [
      "reviewed after the period end: not yet, so never",
      "2026-10-01T00:00:00Z",
      "P1Y",
      "UTC",
      "never_reviewed",
    ],
    // 2025-12-31T23:30Z is 2026-01-01 in Berlin; + P9M = 2026-10-01T00:30+02:00 = 09-30T22:30Z: overdue.
    ["months are counted in the configured zone", "2025-12-31T23:30:00Z", "P9M", "Europe/Berlin", "overdue"],
  ])("%s", (_case, last, every, zone, verdict) => {
    const runbook = buildRunbook({ external_id: "RB", review_every: every, last_reviewed_at: at(last) });
    expect(judgeReview(runbook, END, zone).verdict).toBe(verdict);
  });
});

describe("runbooks_exercised", () => {
  const runbook = buildRunbook({ external_id: "RB-1", link: "runbooks/one.md" });
  const ran = (date: string, names: string[]) =>
    buildTabletop({ external_id: date, quarter: "2026-Q1", date: at(date), runbooks_exercised: names });
  it.each([
    [
      "held exactly 12 months before the end: counts",
      [ran("2025-10-01T00:00:00Z", ["RB-1"])],
      "2025-10-01T00:00:00Z",
    ],
    ["held just before the window: lapsed", [ran("2025-09-30T23:59:59Z", ["RB-1"])], null],
    ["held at the end: not before it", [ran("2026-10-01T00:00:00Z", ["RB-1"])], null],
    ["named by its link", [ran("2026-05-01T00:00:00Z", ["runbooks/one.md"])], "2026-05-01T00:00:00Z"],
    ["another runbook only", [ran("2026-05-01T00:00:00Z", ["RB-2"])], null],
    [
      "the latest of several counts",
      [ran("2026-02-01T00:00:00Z", ["RB-1"]), ran("2026-08-01T00:00:00Z", ["RB-1"])],
      "2026-08-01T00:00:00Z",
    ],
  ])("%s", (_case, tabletops, latest) => {
    expect(lastExercise(runbook, tabletops, END, "UTC")?.external_id ?? null).toBe(latest);
  });
});
