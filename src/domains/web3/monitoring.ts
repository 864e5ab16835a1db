import { abiItems } from "./abi.ts";
import { byKey } from "./compute.ts";
import { type ContractDeployment, deploymentKey, type MonitorConfig } from "./records.ts";

/** What the monitoring metrics leave out and add, from `web3.*` settings. */
export interface MonitoringOptions {
  /** Local development chains: no monitor watches them. */
  excludedChains: readonly number[];
  /** Signatures counted as critical functions even when they change no state. */
  criticalFunctions: readonly string[];
}

export type WatchedThrough = "function" | "event";

export interface FunctionCoverage {
  signature: string;
  mutability: string | null;
  /** Matched by its own signature, or through an event it emits; null when no active monitor sees it. */
  watched: WatchedThrough | null;
  /** The event it is seen through, when `watched` is "event". */
  via: string | null;
  monitors: string[];
}

export interface EventCoverage {
  signature: string;
  monitors: string[];
}

/** One contract of the registry against the monitors. */
export interface ContractCoverage {
  contract: ContractDeployment;
  /** The keys it is watched at: its own, and an implementation's proxies'. */
  keys: string[];
  /** Active monitors watching its address on its chain (an implementation: its proxy's). */
  monitors: string[];
  /** Its non-anonymous events, each with the active monitors matching its signature. */
  events: EventCoverage[];
  /** Its state-changing and tagged-critical functions. */
  functions: FunctionCoverage[];
}

/** The monitors that run: a paused one watches nothing. */
export function activeMonitors(monitors: readonly MonitorConfig[]): MonitorConfig[] {
  return monitors.filter((monitor) => !monitor.paused);
}

/**
 * The names of the active monitors watching each (chain, address) key:
 * a monitor watches each of its addresses on each of its chains.
 */
export function watchersByKey(monitors: readonly MonitorConfig[]): Map<string, string[]> {
  const watchers = new Map<string, string[]>();
  for (const monitor of activeMonitors(monitors))
    for (const chain of monitor.chain_ids)
      for (const address of monitor.addresses) {
        const key = deploymentKey(chain, address);
        const names = watchers.get(key) ?? [];
        if (!names.includes(monitor.name)) names.push(monitor.name);
        watchers.set(key, names);
      }
  for (const names of watchers.values()) names.sort();
  return watchers;
}

/**
 * The keys each contract is watched at: its own, and for an implementation
 * the keys of the registry's proxies in front of it, since its code runs
 * (and its events are emitted) at the proxy's address.
 */
function watchedKeys(contracts: readonly ContractDeployment[]): Map<string, string[]> {
  const keys = new Map(contracts.map((c) => [c.external_id, [c.external_id]]));
  for (const proxy of contracts) {
    if (proxy.implementation === null) continue;
    keys.get(deploymentKey(proxy.chain_id, proxy.implementation))?.push(proxy.external_id);
  }
  return keys;
}

/**
 * The active monitors watching each contract of the registry, by key, and
 * the keys it is watched at: what `web3 registry` lists as `monitored_by`.
 */
export function contractWatchers(
  contracts: readonly ContractDeployment[],
  monitors: readonly MonitorConfig[],
): Map<string, { keys: string[]; monitors: string[] }> {
  const watchers = watchersByKey(monitors);
  const keys = watchedKeys(contracts);
  return new Map(
    contracts.map((contract) => {
      const at = keys.get(contract.external_id) ?? [contract.external_id];
      const names = [...new Set(at.flatMap((key) => watchers.get(key) ?? []))].sort();
      return [contract.external_id, { keys: at, monitors: names }];
    }),
  );
}

export function inScope(contract: ContractDeployment, options: MonitoringOptions): boolean {
  return !options.excludedChains.includes(contract.chain_id);
}

/**
 * Every contract of the registry (one per key, excluded chains left out)
 * against the active monitors: who watches it, which of its events and
 * critical functions they match. Pure.
 */
export function monitoringCoverage(
  registry: readonly ContractDeployment[],
  monitors: readonly MonitorConfig[],
  options: MonitoringOptions,
): ContractCoverage[] {
  const contracts = [...byKey(registry).values()].filter((c) => inScope(c, options));
  const watchers = contractWatchers(contracts, monitors);
  const active = new Map(activeMonitors(monitors).map((m) => [m.name, m]));
  return contracts.map((contract) => {
    const { keys: watchedAt, monitors: names } = watchers.get(contract.external_id) ?? {
      keys: [],
      monitors: [],
    };
    const watching = names.map((name) => active.get(name) as MonitorConfig);
    const matching = (kind: "events" | "functions", signature: string) =>
      watching.filter((m) => m[kind].includes(signature)).map((m) => m.name);
    const { events, functions } = interfaceOf(contract, options);
    const analysed = analysedFunctions(contract);
    return {
      contract,
      keys: watchedAt,
      monitors: names,
      events: events.map((signature) => ({ signature, monitors: matching("events", signature) })),
      functions: functions.map(({ signature, mutability }) => {
        const direct = matching("functions", signature);
        if (direct.length > 0)
          return { signature, mutability, watched: "function", via: null, monitors: direct };
        for (const event of analysed.get(signature) ?? []) {
          const through = matching("events", event);
          if (through.length > 0)
            return { signature, mutability, watched: "event", via: event, monitors: through };
        }
        return { signature, mutability, watched: null, via: null, monitors: [] };
      }),
    };
  });
}

const READ_ONLY = new Set(["view", "pure"]);

/**
 * A contract's non-anonymous events (an anonymous event has no topic0 to
 * match) and its functions that change state or are tagged critical, each
 * signature once; none when it has no readable ABI.
 */
function interfaceOf(contract: ContractDeployment, options: MonitoringOptions) {
  let items: ReturnType<typeof abiItems> = [];
  try {
    items = contract.abi === null ? [] : abiItems(contract.abi);
  } catch {
    // An unreadable ABI is interface_collisions' to report; here it has nothing to watch.
  }
  const events = new Set<string>();
  const functions = new Map<string, string | null>();
  for (const item of items) {
    if (item.kind === "event" && !item.anonymous) events.add(item.signature);
    const critical = options.criticalFunctions.includes(item.signature);
    if (item.kind === "function" && (critical || !READ_ONLY.has(item.mutability ?? "")))
      functions.set(item.signature, item.mutability);
  }
  return {
    events: [...events].sort(),
    functions: [...functions]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([signature, mutability]) => ({ signature, mutability })),
  };
}

/** The events each function emits, when the registry carries the event-emission analysis of the contract. */
function analysedFunctions(contract: ContractDeployment): Map<string, readonly string[]> {
  return new Map((contract.functions ?? []).map((f) => [f.signature, f.events]));
}

/**
 * When each contract was deployed: the deploying transaction's time when
 * its file says, else the first registry snapshot listing it (hardhat-deploy
 * files carry no time). `history` is every registry row up to the instant judged.
 */
export function deployTimes(history: readonly ContractDeployment[]): Map<string, number> {
  const times = new Map<string, number>();
  for (const row of history) {
    const at = row.deployed_at ?? row.snapshot_at;
    const known = times.get(row.external_id);
    if (known === undefined || at < known) times.set(row.external_id, at);
  }
  return times;
}

/**
 * When each key was first watched: the earliest monitor snapshot in which an
 * active monitor names it. `history` is every monitor row up to the instant judged.
 */
export function firstWatched(history: readonly MonitorConfig[]): Map<string, number> {
  const first = new Map<string, number>();
  const snapshots = new Map<number, MonitorConfig[]>();
  for (const row of history) snapshots.set(row.snapshot_at, [...(snapshots.get(row.snapshot_at) ?? []), row]);
  for (const [at, monitors] of [...snapshots].sort(([a], [b]) => a - b))
    for (const key of watchersByKey(monitors).keys()) if (!first.has(key)) first.set(key, at);
  return first;
}
