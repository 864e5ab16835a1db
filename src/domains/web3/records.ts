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
}

export const CONTRACT_DEPLOYMENT = defineRecordKind({
  kind: "contract_deployment",
  table: "contract_deployments",
  time: "snapshot_at",
  snapshot: true,
  json: ["abi"],
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
}

export type Web3Tables = { contract_deployments: ContractDeploymentsTable };

/** The registry key of a contract: the chain and the lowercased address. */
export function deploymentKey(chainId: number, address: string): string {
  return `${chainId}:${address.toLowerCase()}`;
}
