import type { RecordIdentity } from "../../model/records.ts";
import { defineRecordKind } from "../../store/record-kind.ts";
import type { RecordColumns } from "../../store/schema.ts";

/**
 * One row of an account inventory snapshot. Snapshots are states, not events:
 * the store keeps one row per `(feed, external_id, snapshot_at)` and metrics
 * read the latest snapshot at or before the period end.
 */
export interface Account extends RecordIdentity {
  kind: "account";
  snapshot_at: number;
  name: string;
  /** Null when the source does not say (the IAM report knows only root). */
  privileged: boolean | null;
  owner: string | null;
  /** e.g. `active`, `departed`; lower-cased as given. */
  owner_status: string | null;
  /** e.g. `active`, `disabled`; lower-cased as given, `active` when absent. */
  status: string;
  created_at: number | null;
  last_used_at: number | null;
  mfa_active: boolean | null;
  attributes: Record<string, string>;
}

/** One credential (API token, access key, certificate) in a snapshot; identity as for `Account`. */
export interface Token extends RecordIdentity {
  kind: "token";
  snapshot_at: number;
  /** `external_id` of the owning account in the same feed. */
  account_id: string;
  /** e.g. `access_key`, `signing_certificate`, `token`. */
  token_type: string;
  active: boolean;
  created_at: number | null;
  expires_at: number | null;
  last_rotated_at: number | null;
  last_used_at: number | null;
  attributes: Record<string, string>;
}

/**
 * Feeds whose account snapshot lists every token of those accounts (the AWS
 * IAM credential report): a snapshot of theirs with no token is an
 * inventory of none, and supersedes the tokens of their earlier snapshots.
 * An accounts-only inventory says nothing about tokens.
 */
export const TOKEN_INVENTORY_FEEDS: readonly string[] = ["aws-iam"];

export const ACCOUNT = defineRecordKind({
  kind: "account",
  table: "accounts",
  time: "snapshot_at",
  snapshot: true,
  booleans: ["privileged", "mfa_active"],
  json: ["attributes"],
});
export const TOKEN = defineRecordKind({
  kind: "token",
  table: "tokens",
  time: "snapshot_at",
  snapshot: true,
  booleans: ["active"],
  json: ["attributes"],
});

/** Snapshot rows: the identity includes `snapshot_at`, so each snapshot is kept. */
export interface AccountsTable extends RecordColumns {
  snapshot_at: number;
  name: string;
  privileged: number | null;
  owner: string | null;
  owner_status: string | null;
  status: string;
  created_at: number | null;
  last_used_at: number | null;
  mfa_active: number | null;
  attributes: string;
}
export interface TokensTable extends RecordColumns {
  snapshot_at: number;
  account_id: string;
  token_type: string;
  active: number;
  created_at: number | null;
  expires_at: number | null;
  last_rotated_at: number | null;
  last_used_at: number | null;
  attributes: string;
}

export type IdentityAccessTables = {
  accounts: AccountsTable;
  tokens: TokensTable;
};
