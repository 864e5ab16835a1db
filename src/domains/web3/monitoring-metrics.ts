import { countValue, durationMetricValue, type MetricValue, percentValue } from "../metric-value.ts";
import type { ContractCoverage } from "./monitoring.ts";

const NO_CONTRACT = "no contract in the deployments registry outside the excluded chains";

/** Per chain id, `covered` of `total`: the details every coverage metric gives beside its value. */
function byChain(
  coverages: readonly ContractCoverage[],
  count: (coverage: ContractCoverage) => { covered: number; total: number },
): Record<string, { covered: number; total: number }> {
  const chains: Record<string, { covered: number; total: number }> = {};
  for (const coverage of coverages) {
    const chain = String(coverage.contract.chain_id);
    const { covered, total } = count(coverage);
    const sum = chains[chain] ?? { covered: 0, total: 0 };
    chains[chain] = { covered: sum.covered + covered, total: sum.total + total };
  }
  return chains;
}

function coverageValue(
  coverages: readonly ContractCoverage[],
  count: (coverage: ContractCoverage) => { covered: number; total: number },
  emptyReason: string,
  details: Record<string, unknown> = {},
): MetricValue {
  const chains = byChain(coverages, count);
  const covered = Object.values(chains).reduce((sum, chain) => sum + chain.covered, 0);
  const total = Object.values(chains).reduce((sum, chain) => sum + chain.total, 0);
  return percentValue(covered, total, emptyReason, { ...details, covered, by_chain: chains });
}

/** % of the registry's contracts an active monitor watches. */
export function addressCoverage(
  coverages: readonly ContractCoverage[],
  monitors: { active: number; paused: number },
): MetricValue {
  return coverageValue(
    coverages,
    (c) => ({ covered: c.monitors.length > 0 ? 1 : 0, total: 1 }),
    NO_CONTRACT,
    { active_monitors: monitors.active, paused_monitors: monitors.paused },
  );
}

/** % of the registry's non-anonymous events (each contract's, by signature) an active monitor of the contract matches. */
export function eventCoverage(coverages: readonly ContractCoverage[]): MetricValue {
  return coverageValue(
    coverages,
    (c) => ({ covered: c.events.filter((e) => e.monitors.length > 0).length, total: c.events.length }),
    "no event in the ABIs of the deployments registry",
  );
}

/** % of the registry's state-changing and tagged-critical functions watched, by their own signature or an event they emit. */
export function criticalFunctionCoverage(coverages: readonly ContractCoverage[]): MetricValue {
  const functions = coverages.flatMap((c) => c.functions);
  return coverageValue(
    coverages,
    (c) => ({ covered: c.functions.filter((f) => f.watched !== null).length, total: c.functions.length }),
    "no state-changing or critical function in the ABIs of the deployments registry",
    {
      directly: functions.filter((f) => f.watched === "function").length,
      through_events: functions.filter((f) => f.watched === "event").length,
    },
  );
}

/** A contract no active monitor watches, and how long it has been deployed at the instant judged. */
export interface Unwatched {
  coverage: ContractCoverage;
  /** Milliseconds since it was deployed (or first listed), at the instant judged. */
  age: number;
  overSla: boolean;
}

export function unwatchedContracts(
  coverages: readonly ContractCoverage[],
  deployedAt: ReadonlyMap<string, number>,
  at: number,
  slaHours: number,
): Unwatched[] {
  return coverages
    .filter((c) => c.monitors.length === 0)
    .map((coverage) => {
      const age = at - (deployedAt.get(coverage.contract.external_id) ?? at);
      return { coverage, age, overSla: age > slaHours * 3_600_000 };
    });
}

/** Contracts unwatched for longer than the SLA; those still within it are details. */
export function unmonitoredDeployments(unwatched: readonly Unwatched[], slaHours: number): MetricValue {
  const late = unwatched.filter((u) => u.overSla);
  const chains: Record<string, number> = {};
  for (const { coverage } of late) {
    const chain = String(coverage.contract.chain_id);
    chains[chain] = (chains[chain] ?? 0) + 1;
  }
  return countValue(late.length, {
    within_sla: unwatched.length - late.length,
    sla_hours: slaHours,
    by_chain: chains,
  });
}

/** A contract first watched within the period: how long after its deployment. */
export interface WatchLag {
  coverage: ContractCoverage;
  deployedAt: number;
  watchedAt: number;
  /** Seconds; 0 when the monitor was ready before the deployment (a CREATE2 address known in advance). */
  seconds: number;
}

export function watchLags(
  coverages: readonly ContractCoverage[],
  deployedAt: ReadonlyMap<string, number>,
  firstWatched: ReadonlyMap<string, number>,
  period: { start: number; end: number },
): WatchLag[] {
  return coverages.flatMap((coverage) => {
    const times = coverage.keys.flatMap((key) => firstWatched.get(key) ?? []);
    const watchedAt = times.length > 0 ? Math.min(...times) : null;
    const deployed = deployedAt.get(coverage.contract.external_id);
    if (watchedAt === null || deployed === undefined || watchedAt < period.start || watchedAt >= period.end)
      return [];
    return [{ coverage, deployedAt: deployed, watchedAt, seconds: Math.max(0, watchedAt - deployed) / 1000 }];
  });
}

/**
 * Mean seconds from deployment to the first monitor snapshot watching it,
 * over the contracts first watched in the period; the contracts still
 * unwatched are the open items, the oldest's age beside them.
 */
export function monitoringLag(lags: readonly WatchLag[], unwatched: readonly Unwatched[]): MetricValue {
  return durationMetricValue(
    lags.map((l) => l.seconds),
    unwatched.map((u) => u.age / 1000),
    "no contract became watched in the period",
  );
}
