import type { AssessmentType } from "../../model/assessment-type.ts";
import type { RecordIdentity } from "../../model/records.ts";
import type { Severity } from "../../model/severity.ts";
import { defineRecordKind } from "../../store/record-kind.ts";

/**
 * One assessment (a pen test, a red team exercise, an audit, a smart
 * contract audit) as the assessments register lists it at `snapshot_at`: a
 * state, not a log, so metrics read each feed's latest snapshot before the
 * period end. Identity: its `id` within the feed.
 */
export interface Assessment extends RecordIdentity {
  kind: "assessment";
  snapshot_at: number;
  type: AssessmentType;
  scope: string;
  assessor: string | null;
  started_at: number;
  /** When the report was delivered: what holds a scheduled assessment. Null while it runs. */
  completed_at: number | null;
  report_url: string | null;
  attributes: Record<string, string>;
  /** What a smart contract audit's report lists as in scope; null when the register does not say (and for other types). */
  contracts: AuditScopeEntry[] | null;
}

/**
 * One line of a smart contract audit's scope, as reports list it: a
 * contract, a source file at the audited commit, a deployed address, or
 * audited bytecode. An entry names a deployed contract when each of
 * `contract`, `file` and `address` (on `chain_id`) it gives matches, or,
 * giving none of them, when `code_hash` does; its hashes then say whether
 * the deployed code is the audited code.
 */
export interface AuditScopeEntry {
  /** A contract's name (`NameWrapper`). */
  contract: string | null;
  /** A source file, as the compiler names it (`contracts/wrapper/NameWrapper.sol`). */
  file: string | null;
  /** Keccak-256 of `file`'s text at the audited commit, `0x`-prefixed lowercase hex. */
  source_hash: string | null;
  /** A deployed address, lowercased. */
  address: string | null;
  /** The chain of `address`; any chain when null. */
  chain_id: number | null;
  /** Keccak-256 of the audited runtime bytecode, `0x`-prefixed lowercase hex. */
  code_hash: string | null;
  /** The commit the report audited, as the report gives it. */
  commit: string | null;
}

/** A scope entry giving only `fields`, the others null. */
export function auditScopeEntry(fields: Partial<AuditScopeEntry>): AuditScopeEntry {
  return {
    contract: null,
    file: null,
    source_hash: null,
    address: null,
    chain_id: null,
    code_hash: null,
    commit: null,
    ...fields,
  };
}

export const ASSESSMENT = defineRecordKind({
  kind: "assessment",
  table: "assessments",
  time: "snapshot_at",
  snapshot: true,
  json: ["attributes", "contracts"],
});

/**
 * One finding of an assessment, in the same register snapshot. Identity:
 * `<assessment id>/<finding id>`, as assessors number findings per report.
 * A finding is fixed when resolved, and the fix is known to hold when
 * someone verified it (`verified_at`, `verified_by`).
 */
export interface AssessmentFinding extends RecordIdentity {
  kind: "assessment_finding";
  snapshot_at: number;
  assessment: string;
  /** The assessment's type, kept with the finding so open findings break down by it. */
  assessment_type: AssessmentType;
  title: string;
  severity: Severity;
  owner: string | null;
  /** When it was reported: its own date, else its assessment's completion (or start). */
  found_at: number;
  due_at: number | null;
  remediation_plan: string | null;
  resolved_at: number | null;
  verified_at: number | null;
  verified_by: string | null;
  attributes: Record<string, string>;
}

export const ASSESSMENT_FINDING = defineRecordKind({
  kind: "assessment_finding",
  table: "assessment_findings",
  time: "snapshot_at",
  snapshot: true,
  json: ["attributes"],
});
