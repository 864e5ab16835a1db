import type { Config } from "../../config/schema.ts";
import type { Stored } from "../../model/records.ts";
import type { Store } from "../../store/store.ts";
import { type ContractCoverage, deployTimes, firstWatched, monitoringCoverage } from "./monitoring.ts";
import {
  CONTRACT_DEPLOYMENT,
  type ContractDeployment,
  MONITOR_CONFIG,
  type MonitorConfig,
} from "./records.ts";

/** The registry and the monitors as they stood before `end`, with the history the lag and the ages need. */
export interface MonitoringState {
  monitors: Stored<MonitorConfig>[];
  coverages: ContractCoverage[];
  /** When each contract was deployed (or first listed), by key. */
  deployedAt: Map<string, number>;
  /** When each key was first watched by an active monitor, by key. */
  firstWatched: Map<string, number>;
}

/** Reads every registry and monitor snapshot before `end`; null when no monitor configuration was imported by then. */
export async function monitoringState(
  store: Store,
  end: number,
  config: Config,
): Promise<MonitoringState | null> {
  const [registry, monitors, registryHistory, monitorHistory] = await Promise.all([
    store.snapshot<ContractDeployment>(CONTRACT_DEPLOYMENT.kind, end),
    store.snapshot<MonitorConfig>(MONITOR_CONFIG.kind, end),
    store.records<ContractDeployment>(CONTRACT_DEPLOYMENT.kind, { start: 0, end }),
    store.records<MonitorConfig>(MONITOR_CONFIG.kind, { start: 0, end }),
  ]);
  if (monitors.length === 0) return null;
  const options = {
    excludedChains: config.web3.excluded_chains,
    criticalFunctions: config.web3.critical_functions,
  };
  return {
    monitors,
    coverages: monitoringCoverage(registry, monitors, options),
    deployedAt: deployTimes(registryHistory),
    firstWatched: firstWatched(monitorHistory),
  };
}
