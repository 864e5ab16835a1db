import { describe, expect, it } from "vitest";
import { lagOf, withinLag } from "./lag.ts";

describe("lagOf", () => {
  it.each([
    ["1.0.0", "1.0.0", "none"],
    ["1.0.1", "1.0.0", "none"], // newer than the latest (a pre-release tag, a yanked latest)
    ["1.0.0", "1.0.1", "patch"],
    ["1.0.0", "1.1.0", "minor"],
    ["1.9.9", "2.0.0", "major"],
    ["0.1", "0.1.1", "patch"], // pip's two-part versions
    ["1.15.14.0", "1.15.15.0", "patch"],
    ["1.15.15.0", "1.15.15.1", "patch"], // a fourth part is a patch
    ["2.0.0-rc.1", "2.0.0", "patch"], // the pre-release of the latest
    ["2.0.0rc1", "2.0.0", "patch"],
    ["2.0.0.post1", "2.0.0", "none"], // a post release is after its release
    ["v1.1.0", "v1.1.1", "patch"], // Go
    ["v0.0.0-20170626110600-a368813c5e64", "v0.3.1", "minor"], // a Go pseudo-version
    ["v2.3.0+incompatible", "v2.3.1+incompatible", "patch"],
    ["1!2.0", "1!2.1", "minor"], // a PEP 440 epoch
    ["git+https://github.com/a/b.git", "1.0.0", "unknown"],
    ["github:a/b#main", "github:a/b#main", "none"],
  ] as const)("%s → %s: %s", (current, latest, lag) => {
    expect(lagOf(current, latest)).toBe(lag);
  });
});

describe("withinLag", () => {
  it.each([
    ["none", "none", true],
    ["patch", "none", false],
    ["patch", "patch", true],
    ["minor", "patch", false],
    ["major", "major", true],
    ["unknown", "major", false], // a version that cannot be read is never assumed current
  ] as const)("%s within %s: %s", (lag, allowed, expected) => {
    expect(withinLag(lag, allowed)).toBe(expected);
  });
});
