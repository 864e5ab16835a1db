import type { RecordIdentity } from "../../model/records.ts";
import { defineRecordKind } from "../../store/record-kind.ts";
import type { RecordColumns } from "../../store/schema.ts";

export const EXCEPTION_TYPES = ["risk", "compliance", "policy"] as const;
export const EXCEPTION_STATUSES = ["requested", "approved", "rejected", "revoked", "closed"] as const;
export const EXCEPTION_DECISIONS = ["accept", "mitigate", "transfer", "avoid"] as const;

export type ExceptionType = (typeof EXCEPTION_TYPES)[number];
export type ExceptionStatus = (typeof EXCEPTION_STATUSES)[number];
export type ExceptionDecision = (typeof EXCEPTION_DECISIONS)[number];

/** What an exception waives: the controls, checks, assets and findings it names, by their ids. */
export interface ExceptionScope {
  controls: string[];
  checks: string[];
  assets: string[];
  findings: string[];
}

/**
 * One entry of an exceptions register snapshot. A register is a state, not
 * a log of events: the store keeps one row per `(feed, external_id,
 * snapshot_at)` and metrics read each feed's latest snapshot before the
 * period end. Whether an exception has expired is never stored: it is
 * judged at read time from `expires_at`.
 */
export interface RiskException extends RecordIdentity {
  kind: "exception";
  snapshot_at: number;
  type: ExceptionType;
  status: ExceptionStatus;
  decision: ExceptionDecision | null;
  title: string | null;
  scope: ExceptionScope;
  owner: string | null;
  requested_by: string | null;
  approved_by: string | null;
  approved_at: number | null;
  expires_at: number | null;
  compensating_controls: string[];
  ticket: string | null;
  attributes: Record<string, string>;
}

export const EXCEPTION = defineRecordKind({
  kind: "exception",
  table: "exceptions",
  time: "snapshot_at",
  snapshot: true,
  json: ["scope", "compensating_controls", "attributes"],
});

export interface ExceptionsTable extends RecordColumns {
  snapshot_at: number;
  type: string;
  status: string;
  decision: string | null;
  title: string | null;
  scope: string;
  owner: string | null;
  requested_by: string | null;
  approved_by: string | null;
  approved_at: number | null;
  expires_at: number | null;
  compensating_controls: string;
  ticket: string | null;
  attributes: string;
}

export type ExceptionsTables = { exceptions: ExceptionsTable };
