import { describe, expect, it } from "vitest";
import { closeNames } from "./close-names.ts";

const TARGETS = [
  "registry.example/api:main",
  "registry.example/api:release",
  "registry.example/web:main",
  "github.com/acme/billing",
];

describe("closeNames", () => {
  it("finds the full names that contain a short one, in name order", () => {
    expect(closeNames("api", TARGETS)).toEqual(["registry.example/api:main", "registry.example/api:release"]);
  });

  it("finds a name a few edits away", () => {
    // The tolerance is a quarter of the 25 characters: 6 edits. "…/api:main" is one substitution
    // away, "…/web:main" three (a→w, p→e, u→b); "…/api:release" seven (u→i, then main → release:
    // 3 insertions and 3 substitutions, keeping the a), too far.
    expect(closeNames("registry.example/apu:main", TARGETS)).toEqual([
      "registry.example/api:main",
      "registry.example/web:main",
    ]);
  });

  it("finds nothing for an unrelated name", () => {
    expect(closeNames("ledger", TARGETS)).toEqual([]);
  });
});
