import { InventoryIndex } from "../assets/compute.ts";
import { normalizeName } from "../assets/names.ts";
import type { ManagedAsset } from "../assets/records.ts";

/** The highest asset tier controls_health judges: Tier 0 and Tier 1 assets. */
const IN_SCOPE_TIER = 1;

const TIER = /^(?:tier|t)?[\s_-]*(\d+)$/i;

/** The tier an inventory gives an asset: `1`, `tier-1`, `Tier 1`, `T1`; null for any other wording. */
export function inventoryTier(tier: string | null): number | null {
  const match = tier === null ? null : TIER.exec(tier.trim());
  return match ? Number(match[1]) : null;
}

/** Why an asset with check results is left out of controls_health. */
export interface OutOfScope {
  asset_id: string;
  tier: number;
}

/**
 * Which assets controls_health judges. Without an inventory, every asset
 * with results. With one, the assets it places in Tier 2 or lower are left
 * out, and its Tier 0/1 assets (or untiered: nothing says they are out)
 * with no result are named as not assessed. Names are matched as the
 * shadow asset count matches them.
 */
export class AssetScope<T extends ManagedAsset = ManagedAsset> {
  private readonly index: InventoryIndex;
  private readonly byId: ReadonlyMap<string, T>;

  constructor(private readonly inventory: readonly T[]) {
    this.index = new InventoryIndex(inventory);
    this.byId = new Map(inventory.map((asset) => [asset.asset_id, asset]));
  }

  get hasInventory(): boolean {
    return this.inventory.length > 0;
  }

  /** The inventory asset a checked asset is, or null. */
  private managedAs(asset: string): T | null {
    const name = normalizeName(asset);
    const id = name === null ? null : this.index.match(name);
    return id === null ? null : (this.byId.get(id) ?? null);
  }

  /** Null when the asset is judged; else the inventory entry that tiers it out. */
  outOfScope(asset: string): OutOfScope | null {
    const managed = this.managedAs(asset);
    const tier = managed ? inventoryTier(managed.tier) : null;
    return managed && tier !== null && tier > IN_SCOPE_TIER ? { asset_id: managed.asset_id, tier } : null;
  }

  /** The in-scope inventory assets that none of `assessed` (checked asset names) is. */
  unassessed(assessed: Iterable<string>): T[] {
    const seen = new Set<string>();
    for (const asset of assessed) {
      const managed = this.managedAs(asset);
      if (managed) seen.add(managed.asset_id);
    }
    return this.inventory.filter((asset) => {
      const tier = inventoryTier(asset.tier);
      return !seen.has(asset.asset_id) && (tier === null || tier <= IN_SCOPE_TIER);
    });
  }
}
