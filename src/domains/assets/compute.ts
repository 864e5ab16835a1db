import { countValue, type MetricValue, missingValue } from "../metric-value.ts";
import { INVENTORY_SOURCES } from "./metrics.ts";
import { isShortName, normalizeName, shortName } from "./names.ts";
import type { ManagedAsset } from "./records.ts";

/** Where observed names come from: discovery tools' sightings and the records of other packs. */
export const OBSERVATION_SOURCES = {
  /** Scan targets of the vulnerability scanners. */
  scan_target: "scan target",
  /** Hosts that wrote authentication log lines. */
  log_host: "log host",
  /** Assets of compliance check results. */
  check_asset: "check result",
  /** Services deployed. */
  deployed_service: "deployment",
} as const;

/**
 * The names one source saw one asset by in a period, aggregated in SQL:
 * how often and when first and last.
 */
export interface Observation {
  /** `nmap`, `driftctl` (a sighting's feed) or one of `OBSERVATION_SOURCES`. */
  source: string;
  /** The name it was seen by; already reduced to a host for scan targets. */
  name: string;
  asset_type: string | null;
  hostnames: readonly string[];
  ips: readonly string[];
  sightings: number;
  first_seen: number;
  last_seen: number;
  /** The latest import behind it, and a line of it: the drill-down's provenance. */
  import_id: number;
  line: number;
}

/** One asset seen in the period: the observations that share a name, joined. */
export interface ObservedAsset {
  /** The name it is listed by: a hostname if any was seen, else its first name. */
  name: string;
  names: string[];
  asset_types: string[];
  sources: string[];
  sightings: number;
  first_seen: number;
  last_seen: number;
  /** The inventory asset it matches, or null: a shadow asset. */
  managed_as: string | null;
  import_id: number;
  line: number;
}

/**
 * The names of an inventory, normalised (`normalizeName`): each asset's id,
 * hostname, IPs and aliases, and the short names of its FQDNs.
 */
export class InventoryIndex {
  private readonly byName = new Map<string, string>();
  private readonly byShortName = new Map<string, string>();

  constructor(assets: readonly ManagedAsset[]) {
    for (const asset of assets) {
      for (const raw of [asset.asset_id, asset.hostname, ...asset.ips, ...asset.aliases]) {
        const name = raw === null ? null : normalizeName(raw);
        if (name === null) continue;
        if (!this.byName.has(name)) this.byName.set(name, asset.asset_id);
        const short = shortName(name);
        if (short !== null && !this.byShortName.has(short)) this.byShortName.set(short, asset.asset_id);
      }
    }
  }

  /**
   * The inventory asset a name matches, or null: the same normalised name,
   * or a short name against an inventory FQDN's first label (`web-1` and
   * `web-1.prod.example`), or an FQDN whose first label the inventory lists
   * as a short name.
   */
  match(name: string): string | null {
    const exact = this.byName.get(name);
    if (exact !== undefined) return exact;
    if (isShortName(name)) return this.byShortName.get(name) ?? null;
    const short = shortName(name);
    return short === null ? null : (this.byName.get(short) ?? null);
  }
}

/** Marks the inventory asset among the names being joined (no name holds a NUL). */
const INVENTORY_KEY = "\u0000";

/**
 * The observations of a period joined into assets: two observations that
 * share a normalised name (an nmap host's PTR name and the host of a log,
 * its IP address and a check result's asset), or that match the same
 * inventory asset (a service's image and its deployments), are one asset.
 * Each asset is matched against the inventory by any of its names.
 */
export function observedAssets(
  observations: readonly Observation[],
  inventory: InventoryIndex,
): ObservedAsset[] {
  const parent = new Map<string, string>();
  const find = (name: string): string => {
    let root = name;
    while (parent.get(root) !== root) root = parent.get(root) as string;
    parent.set(name, root);
    return root;
  };
  const namesOf = new Map<Observation, string[]>();
  for (const observation of observations) {
    const names = [
      ...new Set(
        [observation.name, ...observation.hostnames, ...observation.ips]
          .map(normalizeName)
          .filter((name): name is string => name !== null),
      ),
    ];
    if (names.length === 0) continue;
    namesOf.set(observation, names);
    // The inventory asset it matches joins it too, as a name no observation can have.
    const managed = names.map((name) => inventory.match(name)).find((id) => id !== null);
    const joined =
      managed === undefined || managed === null ? names : [...names, `${INVENTORY_KEY}${managed}`];
    for (const name of joined) if (!parent.has(name)) parent.set(name, name);
    for (const name of joined.slice(1)) parent.set(find(name), find(joined[0] as string));
  }
  const groups = new Map<
    string,
    { names: Set<string>; hostnames: Set<string>; observations: Observation[] }
  >();
  for (const [observation, names] of namesOf) {
    const root = find(names[0] as string);
    const group = groups.get(root) ?? { names: new Set(), hostnames: new Set(), observations: [] };
    for (const name of names) group.names.add(name);
    for (const hostname of observation.hostnames) {
      const name = normalizeName(hostname);
      if (name !== null) group.hostnames.add(name);
    }
    group.observations.push(observation);
    groups.set(root, group);
  }
  return [...groups.values()].map(({ names, hostnames, observations: seen }) => {
    const sorted = [...names].sort();
    const latest = seen.reduce((a, b) => (b.last_seen > a.last_seen ? b : a));
    return {
      name: [...hostnames].sort()[0] ?? (sorted[0] as string),
      names: sorted,
      asset_types: [...new Set(seen.flatMap((o) => (o.asset_type === null ? [] : [o.asset_type])))].sort(),
      sources: [...new Set(seen.map((o) => o.source))].sort(),
      sightings: seen.reduce((sum, o) => sum + o.sightings, 0),
      first_seen: Math.min(...seen.map((o) => o.first_seen)),
      last_seen: latest.last_seen,
      managed_as: sorted.map((name) => inventory.match(name)).find((id) => id !== null) ?? null,
      import_id: latest.import_id,
      line: latest.line,
    };
  });
}

/** A shadow asset: seen in the period, matching no asset of the inventory at its end. */
export function isShadow(asset: ObservedAsset): boolean {
  return asset.managed_as === null;
}

/** Why there is no value: no inventory snapshot at the period end. */
export const NO_INVENTORY_REASON = `no managed inventory before the period end: import one (${INVENTORY_SOURCES.join(", ")})`;

/**
 * `shadow_assets`: the assets seen in the period that match no asset of the
 * inventory at its end. No inventory, no value: every asset would be shadow.
 * The details count the shadow assets by source (one seen by two sources
 * counts in each) beside the inventory's and the observed assets' sizes.
 */
export function shadowAssets(
  observed: readonly ObservedAsset[],
  inventorySize: number,
): Record<"shadow_assets", MetricValue> {
  if (inventorySize === 0) return { shadow_assets: missingValue(NO_INVENTORY_REASON) };
  const shadow = observed.filter(isShadow);
  const bySource: Record<string, number> = {};
  for (const asset of shadow)
    for (const source of asset.sources) bySource[source] = (bySource[source] ?? 0) + 1;
  return {
    shadow_assets: countValue(shadow.length, {
      by_source: bySource,
      observed: observed.length,
      inventory: inventorySize,
    }),
  };
}
