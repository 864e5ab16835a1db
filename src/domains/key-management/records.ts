import type { KeyCustody, KeyPurpose } from "../../model/key-custody.ts";
import type { RecordIdentity } from "../../model/records.ts";
import { defineRecordKind } from "../../store/record-kind.ts";
import type { RecordColumns } from "../../store/schema.ts";

/**
 * One key of a key inventory snapshot, as the team declares it. Identity:
 * its `key` name within the feed; every import is the whole inventory at
 * `snapshot_at`. A multisig or MPC key needs `threshold` of `signers` to
 * sign; a single key (hardware, hot) is 1 of 1.
 */
export interface KeyRecord extends RecordIdentity {
  kind: "key";
  snapshot_at: number;
  purpose: KeyPurpose;
  custody: KeyCustody;
  threshold: number;
  signers: number;
  /** The chain the key's address is on, when it names one. */
  chain_id: number | null;
  /** Lowercased, `0x`-prefixed; a multisig key's is its Safe's. */
  address: string | null;
  owner: string | null;
  /** When the key was made: the start of its rotation clock until a first rotation. */
  created_at: number | null;
  last_rotated_at: number | null;
  /** The last key ceremony (generation, signer-set review) held for it. */
  last_ceremony_at: number | null;
  attributes: Record<string, string>;
}

export const KEY = defineRecordKind({
  kind: "key",
  table: "web3_keys",
  time: "snapshot_at",
  snapshot: true,
  json: ["attributes"],
});

export interface Web3KeysTable extends RecordColumns {
  snapshot_at: number;
  purpose: string;
  custody: string;
  threshold: number;
  signers: number;
  chain_id: number | null;
  address: string | null;
  owner: string | null;
  created_at: number | null;
  last_rotated_at: number | null;
  last_ceremony_at: number | null;
  attributes: string;
}

/**
 * One Safe as the Safe Transaction Service reports it
 * (`GET /api/v1/safes/{address}/`): its on-chain threshold and owners when
 * read. Identity: `<chain id or "any">:<lowercased address>`, as
 * `external_id`; every import is the set of Safes at `snapshot_at`.
 */
export interface SafeState extends RecordIdentity {
  kind: "safe_state";
  snapshot_at: number;
  /** Null when the response carries no `chainId`: the Safe then matches its address on any chain. */
  chain_id: number | null;
  /** Lowercased, `0x`-prefixed. */
  address: string;
  threshold: number;
  /** Lowercased owner addresses, in the service's order. */
  owners: string[];
  nonce: number;
  version: string | null;
  /** The singleton (`masterCopy`) the Safe proxy delegates to, lowercased. */
  master_copy: string | null;
  /** Enabled modules, lowercased: each can move funds without the owners' threshold. */
  modules: string[];
  /** The transaction guard, lowercased; null when none (the zero address). */
  guard: string | null;
}

export const SAFE_STATE = defineRecordKind({
  kind: "safe_state",
  table: "safe_states",
  time: "snapshot_at",
  snapshot: true,
  json: ["owners", "modules"],
});

export interface SafeStatesTable extends RecordColumns {
  snapshot_at: number;
  chain_id: number | null;
  address: string;
  threshold: number;
  owners: string;
  nonce: number;
  version: string | null;
  master_copy: string | null;
  modules: string;
  guard: string | null;
}

export type KeyManagementTables = {
  web3_keys: Web3KeysTable;
  safe_states: SafeStatesTable;
};

/** A Safe's identity: its chain (when known) and lowercased address. */
export function safeKey(chainId: number | null, address: string): string {
  return `${chainId ?? "any"}:${address.toLowerCase()}`;
}
