import type { RecordIdentity } from "../../model/records.ts";
import { defineRecordKind } from "../../store/record-kind.ts";
import type { RecordColumns } from "../../store/schema.ts";

/** Where a deployment was read from: the tool whose files named it. */
export const DEPLOYMENT_SOURCES = ["hardhat-deploy", "foundry", "ignition", "safe-deployments"] as const;
export type DeploymentSource = (typeof DEPLOYMENT_SOURCES)[number];

/** What a contract is to its system: a proxy forwards to an implementation. */
export const CONTRACT_ROLES = ["contract", "proxy", "implementation"] as const;
export type ContractRole = (typeof CONTRACT_ROLES)[number];

/**
 * Whether a state-changing function leaves a log a monitor can watch:
 * `emits` (an `emit` or an assembly `log0`–`log4` in the function, its
 * modifiers or the internal functions they reach), `external_only` (no log
 * of its own, but a call to another contract, which may log there), `none`.
 */
export const EMISSION_STATES = ["emits", "external_only", "none"] as const;
export type EmissionState = (typeof EMISSION_STATES)[number];

/** How a contract's functions were analysed: the compiler's AST, or the Solidity source parsed. */
export const ANALYSIS_METHODS = ["ast", "source"] as const;
export type AnalysisMethod = (typeof ANALYSIS_METHODS)[number];

/** One state-changing (payable or non-payable) external or public function of a deployed contract. */
export interface FunctionEmission {
  /** Canonical: `transfer(address,uint256)`. */
  signature: string;
  /** `0x`-prefixed first 4 bytes of the signature's Keccak-256. */
  selector: string;
  mutability: "nonpayable" | "payable";
  emission: EmissionState;
  /**
   * The canonical signatures of the events it emits, directly or through
   * internal calls, sorted: what a monitor of the contract's logs would
   * have to watch to see the function run. Empty for an assembly log alone.
   */
  events: string[];
  /** An assembly `log0`–`log4` is reached: it emits, but which event cannot be told. */
  assembly_log: boolean;
}

/**
 * One deployed contract of a deployments registry snapshot. Its identity is
 * `(chain_id, lowercased address)`, as `external_id` `"<chain>:<address>"`:
 * a CREATE2 contract has the same address on every chain, so the chain is
 * part of the key. A registry is a state, not a log: every import keeps one
 * row per contract at `snapshot_at`, and a contract that appears between two
 * snapshots is a new deployment.
 */
export interface ContractDeployment extends RecordIdentity {
  kind: "contract_deployment";
  snapshot_at: number;
  chain_id: number;
  /** Lowercased, `0x`-prefixed. */
  address: string;
  name: string | null;
  version: string | null;
  role: ContractRole;
  /** A proxy's implementation address, lowercased, when the deployment file names it. */
  implementation: string | null;
  /** When the deploying transaction ran (epoch ms), when the file says. */
  deployed_at: number | null;
  block_number: number | null;
  transaction_hash: string | null;
  source: DeploymentSource;
  /** The deployment file within the imported folder, `/`-separated. */
  source_file: string;
  /** The Solidity source of the contract (`contracts/Foo.sol`), when the file says. */
  contract_file: string | null;
  /** The contract's ABI as the file gives it; null when no ABI was found for it. */
  abi: unknown[] | null;
  /** Its state-changing functions and what they emit; null when no source or AST was found for it. */
  functions: FunctionEmission[] | null;
  analysis: AnalysisMethod | null;
  /**
   * Keccak-256 of the runtime bytecode, `0x`-prefixed: the build's
   * `deployedBytecode` (immutables still zero), or safe-deployments'
   * `codeHash` of the code on chain. What an audit naming bytecode matches.
   */
  code_hash: string | null;
  /** Keccak-256 of `contract_file`'s text, as the compiler's metadata records it: what an audit naming the file at a commit matches. */
  source_hash: string | null;
}

export const CONTRACT_DEPLOYMENT = defineRecordKind({
  kind: "contract_deployment",
  table: "contract_deployments",
  time: "snapshot_at",
  snapshot: true,
  json: ["abi", "functions"],
});

export interface ContractDeploymentsTable extends RecordColumns {
  snapshot_at: number;
  chain_id: number;
  address: string;
  name: string | null;
  version: string | null;
  role: string;
  implementation: string | null;
  deployed_at: number | null;
  block_number: number | null;
  transaction_hash: string | null;
  source: string;
  source_file: string;
  contract_file: string | null;
  abi: string | null;
  functions: string | null;
  analysis: string | null;
  code_hash: string | null;
  source_hash: string | null;
}

/**
 * One monitor of a monitoring configuration snapshot (OpenZeppelin Monitor's
 * `monitors/*.json`, its networks resolved to chain ids through
 * `networks/*.json`). Identity: the monitor's name, as `external_id`; like
 * the registry, every import keeps one row per monitor at `snapshot_at`.
 * A monitor watches each of `addresses` on each of `chain_ids`.
 */
export interface MonitorConfig extends RecordIdentity {
  kind: "monitor_config";
  snapshot_at: number;
  name: string;
  paused: boolean;
  /** The network slugs the monitor names, EVM or not. */
  networks: string[];
  /** The EVM chain ids of `networks`; a Stellar network has none. */
  chain_ids: number[];
  /** Lowercased, `0x`-prefixed. */
  addresses: string[];
  /** `match_conditions.functions[].signature`, white space removed. */
  functions: string[];
  /** `match_conditions.events[].signature`, white space removed. */
  events: string[];
  /** How many `match_conditions.transactions` conditions (status, expression) it has. */
  transaction_conditions: number;
  /** The trigger ids it notifies. */
  triggers: string[];
  /** The monitor file within the imported folder, `/`-separated. */
  source_file: string;
}

export const MONITOR_CONFIG = defineRecordKind({
  kind: "monitor_config",
  table: "monitor_configs",
  time: "snapshot_at",
  snapshot: true,
  booleans: ["paused"],
  json: ["networks", "chain_ids", "addresses", "functions", "events", "triggers"],
});

export interface MonitorConfigsTable extends RecordColumns {
  snapshot_at: number;
  name: string;
  paused: number;
  networks: string;
  chain_ids: string;
  addresses: string;
  functions: string;
  events: string;
  transaction_conditions: number;
  triggers: string;
  source_file: string;
}

export type Web3Tables = {
  contract_deployments: ContractDeploymentsTable;
  monitor_configs: MonitorConfigsTable;
};

/** The registry key of a contract: the chain and the lowercased address. */
export function deploymentKey(chainId: number, address: string): string {
  return `${chainId}:${address.toLowerCase()}`;
}
