import type { Config } from "../config/schema.ts";
import { iso } from "../domains/drill-row.ts";
import { collisionCount, type InterfaceCheck } from "../domains/web3/collisions.ts";
import { registryChanges, registryCheck } from "../domains/web3/compute.ts";
import { CONTRACT_DEPLOYMENT, type ContractDeployment, deploymentKey } from "../domains/web3/records.ts";
import { type Period, parsePeriod } from "../model/period.ts";
import type { Store } from "../store/store.ts";
import { contractRegistry, type RegistryEntry } from "./web3-registry.ts";

/** A contract of the registry at the period end; `new` when the registry at the period start lacked it. */
export interface PeriodContract extends RegistryEntry {
  new: boolean;
}

/** One chain's contracts at the period end, by address, and those the period removed, as they were at its start. */
export interface ChainRegistry {
  chain_id: number;
  contracts: PeriodContract[];
  removed: RegistryEntry[];
}

/** The interface check of the registry at the period end: what `interface_collisions` counts, and its notes. */
export interface PeriodInterfaceCheck {
  contracts_checked: number;
  /** Findings of level error or warning: the metric's value. */
  collisions: number;
  findings: InterfaceCheck["findings"];
  unreadable: InterfaceCheck["unreadable"];
}

export interface Web3Registry {
  period: { id: string; start: string; end: string };
  /** Contracts in the registry at the period end, every chain. */
  contracts: number;
  /** Those not in it at the period start: the `new_deployments` value. */
  new_deployments: number;
  removed: number;
  chains: ChainRegistry[];
  check: PeriodInterfaceCheck;
}

/** The registry of `periodId` for the dashboard and the API. */
export function web3RegistryOfPeriod(store: Store, periodId: string, config: Config): Promise<Web3Registry> {
  return web3Registry(
    store,
    parsePeriod(periodId, { timezone: config.timezone, iterations: config.iterations }),
    config,
  );
}

/**
 * The deployments registry over a period, read as the web3 metrics read it:
 * the registry at the period end by chain, the contracts the period added
 * and removed (`registryChanges` between the snapshots at its start and
 * end), and the interface check of the registry at its end.
 */
export async function web3Registry(store: Store, period: Period, config: Config): Promise<Web3Registry> {
  // The rows come from `contractRegistry`, so every field a registry entry has shows here too.
  const [before, after, atStart, atEnd] = await Promise.all([
    store.snapshot<ContractDeployment>(CONTRACT_DEPLOYMENT.kind, period.start),
    store.snapshot<ContractDeployment>(CONTRACT_DEPLOYMENT.kind, period.end),
    contractRegistry(store, period.start - 1),
    contractRegistry(store, period.end - 1),
  ]);
  const changes = registryChanges(before, after);
  const added = new Set(changes.added.map((contract) => contract.external_id));
  const removed = new Set(changes.removed.map((contract) => contract.external_id));
  const keyOf = (entry: RegistryEntry) => deploymentKey(entry.chain_id, entry.address);
  const chainIds = [...new Set([...atEnd, ...atStart].map((entry) => entry.chain_id))].sort((a, b) => a - b);
  const check = registryCheck(after, config.web3.allowed_names);
  return {
    period: { id: period.id, start: iso(period.start), end: iso(period.end) },
    contracts: atEnd.length,
    new_deployments: added.size,
    removed: removed.size,
    chains: chainIds.map((chain_id) => ({
      chain_id,
      contracts: atEnd
        .filter((entry) => entry.chain_id === chain_id)
        .map((entry) => ({ ...entry, new: added.has(keyOf(entry)) })),
      removed: atStart.filter((entry) => entry.chain_id === chain_id && removed.has(keyOf(entry))),
    })),
    check: {
      contracts_checked: check.contracts,
      collisions: collisionCount(check),
      findings: check.findings,
      unreadable: check.unreadable,
    },
  };
}
