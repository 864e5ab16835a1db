import { describe, expect, it } from "vitest";
import { parseConfig } from "../config/load.ts";
import { slaPolicyFromConfig, targetMatcher } from "./sla-policy.ts";

describe("vulnerability SLA policy from the config", () => {
  const policy = slaPolicyFromConfig(
    parseConfig({
      vulnerability_sla: {
        critical: "3d",
        low: "12h",
        groups: [
          { name: "payments", targets: ["registry.example.com/payments-*", "/^edge-/"], critical: "1d" },
        ],
      },
    }),
  );

  it.each([
    ["critical", "registry.example.com/payments-api:1.2", 1], // the group's own SLA
    ["critical", "edge-proxy", 1], // regex pattern
    ["critical", "registry.example.com/ledger:3", 3], // top-level override
    ["high", "registry.example.com/payments-api:1.2", 30], // not set by the group: the base policy
    ["low", "anything", 0.5], // 12 h = half a day
    ["info", "anything", null], // info has no SLA by default
    [null, "anything", null], // unrated findings get no due date
  ] as const)("%s on %s → %s days", (severity, target, days) => {
    expect(policy(severity, target)).toBe(days);
  });

  it("uses the default SLAs (critical 7 days, high 30, medium 90, low 120) when nothing is configured", () => {
    const defaults = slaPolicyFromConfig(parseConfig({}));
    expect(["critical", "high", "medium", "low"].map((s) => defaults(s as "critical", "t"))).toEqual([
      7, 30, 90, 120,
    ]);
  });

  it("refuses a pattern that is not a regular expression", () => {
    expect(() =>
      parseConfig({ vulnerability_sla: { groups: [{ name: "x", targets: ["/([/"], critical: "1d" }] } }),
    ).toThrow(/vulnerability_sla\.groups\.0\.targets\.0: not a valid \/regex\//);
  });

  it.each([
    ["app-*", "app-web", true],
    ["app-*", "my-app-web", false],
    ["db-?", "db-1", true],
    ["db-?", "db-12", false],
    ["a.b", "axb", false], // dots are literal in globs
  ])("glob %s on %s → %s", (pattern, target, expected) => {
    expect(targetMatcher(pattern)(target)).toBe(expected);
  });
});
