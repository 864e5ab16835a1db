import type { DomainPack } from "../domain-pack.ts";
import { shadowAssets } from "./compute.ts";
import { assetsOfPeriod, shadowAssetDrill } from "./drill.ts";
import { ASSETS_METRICS } from "./metrics.ts";
import { MIGRATIONS } from "./migrations.ts";
import { ASSET_SIGHTING, MANAGED_ASSET } from "./records.ts";

/**
 * Managed inventories and what discovery tools and other packs' records saw:
 * the assets seen in a period that the inventory at its end lacks.
 */
export const assets: DomainPack = {
  id: "assets",
  recordKinds: [MANAGED_ASSET, ASSET_SIGHTING],
  migrations: MIGRATIONS,
  metrics: ASSETS_METRICS,
  families: [
    {
      metrics: ["shadow_assets"],
      kinds: [MANAGED_ASSET.kind, ASSET_SIGHTING.kind],
      async compute(store, { period }) {
        const { inventory, observed } = await assetsOfPeriod(store, period);
        return shadowAssets(observed, inventory.length);
      },
      drill: shadowAssetDrill,
    },
  ],
};
