import type { Stored } from "../../model/records.ts";
import type { Interval, Store } from "../../store/store.ts";
import type { DrillContext } from "../domain-pack.ts";
import { type DrillRow, iso } from "../drill-row.ts";
import { InventoryIndex, isShadow, type ObservedAsset, observedAssets } from "./compute.ts";
import { importsById, observations } from "./queries.ts";
import { MANAGED_ASSET, type ManagedAsset } from "./records.ts";

/** The inventory at the period end and the assets seen within it, matched: what the metric and its drill-down read. */
export async function assetsOfPeriod(
  store: Store,
  period: Interval,
): Promise<{ inventory: Stored<ManagedAsset>[]; observed: ObservedAsset[] }> {
  const [inventory, seen] = await Promise.all([
    store.snapshot<ManagedAsset>(MANAGED_ASSET.kind, period.end),
    store.read((q) => observations(q, period)),
  ]);
  return { inventory, observed: observedAssets(seen, new InventoryIndex(inventory)) };
}

/**
 * Every asset seen in the period, the shadow ones first (then by name), each
 * with where it was seen (sources, first and last sighting) and, when the
 * inventory has it, the inventory asset it matched (not counted).
 */
export async function shadowAssetDrill(
  store: Store,
  _metricId: string,
  { period }: DrillContext,
  limit: number,
): Promise<DrillRow[]> {
  const { observed } = await assetsOfPeriod(store, period);
  const listed = [...observed]
    .sort((a, b) => Number(!isShadow(a)) - Number(!isShadow(b)) || a.name.localeCompare(b.name))
    .slice(0, limit + 1);
  const imports = await store.read((q) =>
    importsById(
      q,
      listed.map((asset) => asset.import_id),
    ),
  );
  return listed.map((asset): DrillRow => {
    const provenance = imports.get(asset.import_id);
    return {
      kind: "observed_asset",
      id: asset.name,
      fields: {
        at: iso(asset.last_seen),
        names: asset.names.join(", "),
        types: asset.asset_types.join(", ") || null,
        sources: asset.sources.join(", "),
        sightings: asset.sightings,
        first_seen_at: iso(asset.first_seen),
        last_seen_at: iso(asset.last_seen),
        managed_as: asset.managed_as,
      },
      counted: isShadow(asset),
      note: isShadow(asset) ? null : `in the inventory as ${asset.managed_as}`,
      provenance: {
        import_id: asset.import_id,
        file_name: provenance?.file_name ?? "",
        sha256: provenance?.sha256 ?? "",
        imported_at: provenance?.imported_at ?? 0,
        line: asset.line,
      },
    };
  });
}
