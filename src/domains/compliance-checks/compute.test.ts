import { describe, expect, it } from "vitest";
import { buildCheckResult } from "../../test-support/records.ts";
import { type CheckTiers, checkMetrics, histories, tierOf } from "./compute.ts";
import type { CheckResultValue } from "./records.ts";

const DEFAULT_TIERS: CheckTiers = { severity_tiers: { high: 1 }, profile_tiers: {} };
const DAY = 86_400_000;
const PERIOD = { start: 10 * DAY, end: 20 * DAY };

/** One asset's results of one high (Tier 1) check, one a day from day 1. */
function oneCheck(...results: CheckResultValue[]) {
  return results.map((result, n) =>
    buildCheckResult({ asset: "a", check_id: "c", result, checked_at: (n + 1) * DAY, severity: "high" }),
  );
}

describe("controls_health", () => {
  it.each<[string, CheckResultValue[], number | null]>([
    ["a pass at the latest result", ["fail", "pass"], 100],
    ["a fixed result, remediated during the scan", ["fixed"], 100],
    ["a fail at the latest result", ["pass", "fail"], 0],
    ["an error: no evidence that the check holds", ["pass", "error"], 0],
    ["an unknown", ["unknown"], 0],
    ["notapplicable at the latest result: says nothing, so no baseline", ["fail", "notapplicable"], null],
    ["notselected, informational, notchecked", ["notselected", "informational", "notchecked"], null],
  ])("%s", (_name, results, expected) => {
    const value = checkMetrics(histories(oneCheck(...results)), PERIOD, DEFAULT_TIERS).controls_health;
    expect(value.value).toBe(expected);
  });

  it("reads the latest result before period end, not one at or after it", () => {
    const rows = [
      buildCheckResult({
        asset: "a",
        check_id: "c",
        result: "pass",
        checked_at: PERIOD.end - 1,
        severity: "high",
      }),
      buildCheckResult({
        asset: "a",
        check_id: "c",
        result: "fail",
        checked_at: PERIOD.end,
        severity: "high",
      }),
    ];
    expect(checkMetrics(histories(rows), PERIOD, DEFAULT_TIERS).controls_health.value).toBe(100);
  });

  it("counts an asset healthy only when every baseline check passes, and leaves medium checks out by default", () => {
    // a: high passes, medium fails → healthy; b: one high passes, one fails → not; c: only medium → no baseline.
    const rows = [
      buildCheckResult({ asset: "a", check_id: "h", result: "pass", checked_at: DAY, severity: "high" }),
      buildCheckResult({ asset: "a", check_id: "m", result: "fail", checked_at: DAY, severity: "medium" }),
      buildCheckResult({ asset: "b", check_id: "h1", result: "pass", checked_at: DAY, severity: "high" }),
      buildCheckResult({ asset: "b", check_id: "h2", result: "fail", checked_at: DAY, severity: "high" }),
      buildCheckResult({ asset: "c", check_id: "m", result: "fail", checked_at: DAY, severity: "medium" }),
    ];
    const value = checkMetrics(histories(rows), PERIOD, DEFAULT_TIERS).controls_health;
    expect(value).toMatchObject({ value: 50, n: 2, details: { healthy_assets: 1, assets: 2 } });
  });

  it("takes a profile's tier before a severity's", () => {
    const tiers: CheckTiers = {
      severity_tiers: { high: 1, medium: 2 },
      profile_tiers: { strict: 0, lax: 3 },
    };
    const row = (profile: string | null, severity: "high" | "medium" | null) =>
      buildCheckResult({ asset: "a", check_id: "c", result: "pass", checked_at: DAY, profile, severity });
    expect(tierOf(row("strict", "medium"), tiers)).toBe(0);
    expect(tierOf(row("lax", "high"), tiers)).toBe(3);
    expect(tierOf(row("other", "high"), tiers)).toBe(1);
    expect(tierOf(row(null, "medium"), tiers)).toBe(2);
    expect(tierOf(row(null, null), tiers)).toBeNull();
  });
});

describe("compliance_drift", () => {
  it.each<[string, CheckResultValue[], number]>([
    ["pass then fail within the period", ["pass", ...Array(10).fill("notselected"), "fail"], 1],
    ["pass then error", ["pass", ...Array(10).fill("notselected"), "error"], 1],
    [
      "the previous counted result passed, a notchecked between",
      ["pass", ...Array(9).fill("notchecked"), "fail"],
      1,
    ],
    ["fail then fail: failing, but no drift", ["fail", ...Array(10).fill("notselected"), "fail"], 0],
    ["the drift before the period", ["pass", "fail"], 0],
    ["no previous result", [...Array(11).fill("notselected"), "fail"], 0],
    ["two drifts within the period", [...Array(10).fill("notselected"), "pass", "fail", "pass", "fail"], 2],
  ])("%s", (_name, results, expected) => {
    expect(checkMetrics(histories(oneCheck(...results)), PERIOD, DEFAULT_TIERS).compliance_drift.value).toBe(
      expected,
    );
  });

  it("counts drift on any check, whatever its tier, and shows how many fail at period end", () => {
    // Day 1 pass, day 12 fail (in the period): one drift; failing at end: both checks.
    const rows = [
      buildCheckResult({ asset: "a", check_id: "low", result: "pass", checked_at: DAY, severity: "low" }),
      buildCheckResult({
        asset: "a",
        check_id: "low",
        result: "fail",
        checked_at: 12 * DAY,
        severity: "low",
      }),
      buildCheckResult({ asset: "b", check_id: "x", result: "fail", checked_at: DAY }),
    ];
    expect(checkMetrics(histories(rows), PERIOD, DEFAULT_TIERS).compliance_drift).toMatchObject({
      value: 1,
      details: { assets_drifted: 1, failing_now: 2 },
    });
  });
});
