import type { Config } from "../config/schema.ts";
import { isShadow, type ObservedAsset, shadowAssets } from "../domains/assets/compute.ts";
import { assetsOfPeriod } from "../domains/assets/drill.ts";
import { importsById } from "../domains/assets/queries.ts";
import type { ManagedAsset } from "../domains/assets/records.ts";
import { iso } from "../domains/drill-row.ts";
import { parsePeriod } from "../model/period.ts";
import type { Stored } from "../model/records.ts";
import type { Store } from "../store/store.ts";

/** One asset of the managed inventory in force at the period end. Times are ISO 8601. */
export interface InventoryAsset
  extends Pick<
    ManagedAsset,
    "asset_id" | "hostname" | "ips" | "aliases" | "asset_type" | "owner" | "tier" | "environment"
  > {
  /** The inventory feed it comes from, and the file of that feed's latest snapshot before the period end. */
  source: { feed: string; file_name: string; import_id: number; snapshot_at: string };
  /** The sources that saw it in the period (`nmap`, `log host`, …); empty when none did. */
  seen_by: string[];
}

/** One asset seen in the period that the inventory lacks, with where it was seen. */
export interface ShadowAsset {
  name: string;
  /** Every name it was seen by, normalised (hostnames, IP addresses, ids). */
  names: string[];
  asset_types: string[];
  sources: string[];
  sightings: number;
  first_seen: string;
  last_seen: string;
  /** The import it was last seen in, and a line of it. */
  seen_in: { import_id: number; file_name: string; line: number };
}

/** Exact values of the inventory's columns; an absent one does not filter. */
export interface AssetFilter {
  owner?: string;
  tier?: string;
  environment?: string;
}

export interface AssetInventory {
  period: { id: string; start: string; end: string };
  filter: AssetFilter;
  inventory: {
    /** Assets in force at the period end, before the filter. */
    total: number;
    /** Those the filter keeps; `assets` lists the first `limit` of them. */
    matching: number;
    assets: InventoryAsset[];
    truncated: boolean;
    /** The values the filter may take: every owner, tier and environment of the inventory, sorted. */
    owners: string[];
    tiers: string[];
    environments: string[];
  };
  /**
   * What `shadow_assets` counts for the period, and the assets it counts.
   * No inventory, no count (null, with the reason) and no list: every asset
   * seen would be shadow. The filter does not apply: a shadow asset has no
   * owner, tier or environment.
   */
  shadow: {
    count: number | null;
    reason: string | null;
    /** Shadow assets per source; one seen by two sources counts in each. */
    by_source: Record<string, number>;
    /** Assets seen in the period, shadow or not. */
    observed: number;
    assets: ShadowAsset[];
    truncated: boolean;
  };
}

/**
 * The managed inventory in force at the end of `periodId` (each inventory
 * feed's latest snapshot before it) and, apart, the period's shadow assets,
 * read and matched as the `shadow_assets` metric and its drill-down read them.
 * Each list is cut at `limit`, the inventory sorted by asset id and the
 * shadow assets by name.
 */
export async function assetInventory(
  store: Store,
  periodId: string,
  config: Config,
  filter: AssetFilter = {},
  limit = 1000,
): Promise<AssetInventory> {
  const period = parsePeriod(periodId, { timezone: config.timezone, iterations: config.iterations });
  const { inventory, observed } = await assetsOfPeriod(store, period);
  const metric = shadowAssets(observed, inventory.length).shadow_assets;
  const shadow =
    metric.value === null
      ? []
      : observed.filter(isShadow).sort((a, b) => a.name.localeCompare(b.name) || compare(a.names, b.names));
  const listedShadow = shadow.slice(0, limit);
  const imports = await store.read((q) =>
    importsById(
      q,
      listedShadow.map((asset) => asset.import_id),
    ),
  );

  const seenBy = new Map<string, Set<string>>();
  for (const asset of observed) {
    if (asset.managed_as === null) continue;
    const sources = seenBy.get(asset.managed_as) ?? new Set();
    for (const source of asset.sources) sources.add(source);
    seenBy.set(asset.managed_as, sources);
  }
  const matching = inventory
    .filter(
      (asset) =>
        (filter.owner === undefined || asset.owner === filter.owner) &&
        (filter.tier === undefined || asset.tier === filter.tier) &&
        (filter.environment === undefined || asset.environment === filter.environment),
    )
    .sort((a, b) => a.asset_id.localeCompare(b.asset_id) || a.feed.localeCompare(b.feed));

  return {
    period: { id: period.id, start: iso(period.start), end: iso(period.end) },
    filter,
    inventory: {
      total: inventory.length,
      matching: matching.length,
      assets: matching
        .slice(0, limit)
        .map((asset) => inventoryAsset(asset, [...(seenBy.get(asset.asset_id) ?? [])].sort())),
      truncated: matching.length > limit,
      owners: valuesOf(inventory, "owner"),
      tiers: valuesOf(inventory, "tier"),
      environments: valuesOf(inventory, "environment"),
    },
    shadow: {
      count: metric.value,
      reason: metric.reason,
      by_source: (metric.details.by_source as Record<string, number> | undefined) ?? {},
      observed: observed.length,
      assets: listedShadow.map((asset) => shadowAsset(asset, imports.get(asset.import_id)?.file_name ?? "")),
      truncated: shadow.length > limit,
    },
  };
}

/** `owner`, `tier` and `environment` as given in a query string; an empty one does not filter. */
export function parseAssetFilter(input: {
  owner?: string;
  tier?: string;
  environment?: string;
}): AssetFilter {
  const filter: AssetFilter = {};
  for (const key of ["owner", "tier", "environment"] as const) {
    const value = input[key]?.trim();
    if (value) filter[key] = value;
  }
  return filter;
}

function inventoryAsset(asset: Stored<ManagedAsset>, seenBy: string[]): InventoryAsset {
  return {
    asset_id: asset.asset_id,
    hostname: asset.hostname,
    ips: asset.ips,
    aliases: asset.aliases,
    asset_type: asset.asset_type,
    owner: asset.owner,
    tier: asset.tier,
    environment: asset.environment,
    source: {
      feed: asset.feed,
      file_name: asset.provenance.file_name,
      import_id: asset.provenance.import_id,
      snapshot_at: iso(asset.snapshot_at),
    },
    seen_by: seenBy,
  };
}

function shadowAsset(asset: ObservedAsset, fileName: string): ShadowAsset {
  return {
    name: asset.name,
    names: asset.names,
    asset_types: asset.asset_types,
    sources: asset.sources,
    sightings: asset.sightings,
    first_seen: iso(asset.first_seen),
    last_seen: iso(asset.last_seen),
    seen_in: { import_id: asset.import_id, file_name: fileName, line: asset.line },
  };
}

function valuesOf(inventory: readonly ManagedAsset[], key: "owner" | "tier" | "environment"): string[] {
  return [
    ...new Set(
      inventory.flatMap((asset) => {
        const value = asset[key];
        return value === null ? [] : [value];
      }),
    ),
  ].sort();
}

function compare(a: readonly string[], b: readonly string[]): number {
  return a.join("\u0000").localeCompare(b.join("\u0000"));
}
