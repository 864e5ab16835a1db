import { describe, expect, it } from "vitest";
import { mapsTo, reviewControl, securityReviewCoverage } from "./compute.ts";
import type { LatestRun } from "./queries.ts";
import type { SecurityControl } from "./records.ts";

const AT = Date.parse("2026-09-10T00:00:00Z");
const run = (test_id: string, outcome: LatestRun["outcome"], extra: Partial<LatestRun> = {}): LatestRun => ({
  test_id,
  suite: null,
  file: null,
  outcome,
  ran_at: AT,
  ...extra,
});
const control = (tests: string[], risk: SecurityControl["risk"] = "high"): SecurityControl => ({
  kind: "security_control",
  feed: "security-controls",
  external_id: "C",
  snapshot_at: AT,
  control_id: "C",
  title: null,
  risk,
  owner: null,
  tests,
  attributes: {},
});

describe("mapsTo: a tests entry against a run", () => {
  it.each([
    ["com.acme.AuthTest.testLockout", run("com.acme.AuthTest.testLockout", "passed"), true],
    ["com.acme.AuthTest.*", run("com.acme.AuthTest.testLockout", "passed"), true],
    ["com.acme.AuthTest", run("com.acme.AuthTest.testLockout", "passed"), false], // no implicit prefix
    [
      "com.acme.AuthTest",
      run("com.acme.AuthTest.testLockout", "passed", { suite: "com.acme.AuthTest" }),
      true,
    ],
    ["tests/test_auth.py", run("tests.test_auth.test_x", "passed", { file: "tests/test_auth.py" }), true],
    ["tests/*_auth.py", run("t", "passed", { file: "tests/test_auth.py" }), true],
    ["a.b", run("axb", "passed"), false], // a dot is a dot, not any character
    ["Auth.*", run("auth.x", "passed"), false], // case matters, as in the runner's names
  ])("%s", (entry, latest, expected) => {
    expect(mapsTo(entry, latest)).toBe(expected);
  });
});

describe("reviewControl", () => {
  it.each([
    ["no test mapped", [], [run("a", "passed")], "no_test_mapped"],
    ["a mapped test passed", ["a"], [run("a", "passed")], "verified"],
    ["one passed, one failed", ["a", "b"], [run("a", "passed"), run("b", "failed")], "failed"],
    ["one passed, one erred", ["a", "b"], [run("a", "passed"), run("b", "error")], "failed"],
    ["one passed, one skipped", ["a", "b"], [run("a", "passed"), run("b", "skipped")], "verified"],
    ["only skipped", ["a"], [run("a", "skipped")], "not_run"],
    ["nothing ran", ["a"], [run("b", "passed")], "not_run"],
  ] as const)("%s", (_case, tests, runs, status) => {
    expect(reviewControl(control([...tests]), runs).status).toBe(status);
  });
});

describe("securityReviewCoverage", () => {
  it("has no value without a high-risk control, rather than 0%", () => {
    expect(securityReviewCoverage([]).value).toBeNull();
  });

  it("counts verified over every high-risk control, unmapped ones included", () => {
    const reviews = [control(["a"]), control([]), control(["b"])].map((c) =>
      reviewControl(c, [run("a", "passed")]),
    );
    // 1 verified (a), 1 unmapped, 1 not run → 1 / 3.
    const value = securityReviewCoverage(reviews);
    expect(value.value).toBeCloseTo(100 / 3, 10);
    expect(value.n).toBe(3);
  });
});
