import { describe, expect, it } from "vitest";
import { buildManagedAsset } from "../../test-support/records.ts";
import { AssetScope, inventoryTier } from "./scope.ts";

describe("inventoryTier", () => {
  it.each([
    ["0", 0],
    ["tier-1", 1],
    ["Tier 2", 2],
    ["T3", 3],
    ["tier_0", 0],
    [" 1 ", 1],
    ["critical", null],
    ["1a", null],
    [null, null],
  ] as const)("%s is %s", (text, tier) => expect(inventoryTier(text)).toBe(tier));
});

describe("AssetScope", () => {
  const scope = new AssetScope([
    buildManagedAsset("A-1", { hostname: "web-1.example", tier: "tier-1" }),
    buildManagedAsset("A-2", { ips: ["10.0.0.2"], tier: "tier-2" }),
    buildManagedAsset("A-3", { hostname: "batch", tier: "gold" }),
    buildManagedAsset("A-4", { hostname: "spare", tier: "0" }),
  ]);

  it("leaves out only what the inventory tiers 2 or lower, matched as shadow assets are", () => {
    expect(scope.outOfScope("WEB-1")).toBeNull();
    expect(scope.outOfScope("10.0.0.2")).toEqual({ asset_id: "A-2", tier: 2 });
    // An unreadable tier says nothing: judged. An asset the inventory lacks: judged.
    expect(scope.outOfScope("batch.example")).toBeNull();
    expect(scope.outOfScope("unknown-host")).toBeNull();
  });

  it("names the in-scope inventory assets no checked name is", () => {
    expect(scope.unassessed(["web-1", "unknown-host"]).map((a) => a.asset_id)).toEqual(["A-3", "A-4"]);
    expect(new AssetScope([]).hasInventory).toBe(false);
  });
});
