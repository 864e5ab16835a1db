import type { CheckSeverity } from "../../model/check-severity.ts";
import type { RecordIdentity } from "../../model/records.ts";
import { defineRecordKind } from "../../store/record-kind.ts";
import type { RecordColumns } from "../../store/schema.ts";

/** XCCDF's result values (XCCDF 1.2 §6.6.4.2; 1.1 also has them). */
export const CHECK_RESULTS = [
  "pass",
  "fail",
  "error",
  "unknown",
  "notapplicable",
  "notchecked",
  "notselected",
  "informational",
  "fixed",
] as const;
export type CheckResultValue = (typeof CHECK_RESULTS)[number];

/**
 * When a tool reports one check of one asset several times in a scan (a
 * rule checked per instance, a check listed under several requirements),
 * the result that says most against the asset stands for the check: the
 * first of this order.
 */
export const RESULT_PRECEDENCE: readonly CheckResultValue[] = [
  "fail",
  "error",
  "unknown",
  "fixed",
  "pass",
  "notchecked",
  "informational",
  "notapplicable",
  "notselected",
];

/**
 * One automated check of one asset at one instant (an XCCDF `rule-result`).
 * Every result is kept, so the history of each (asset, check) can be read:
 * the identity is (feed, asset|check|checked_at).
 */
export interface CheckResult extends RecordIdentity {
  kind: "check_result";
  /** What was checked: the scan's `target` (a host name). */
  asset: string;
  /** The rule's id (`idref`). */
  check_id: string;
  result: CheckResultValue;
  /** When the scan that checked it ended. */
  checked_at: number;
  benchmark: string | null;
  /** The profile the scan evaluated; tiers can be assigned per profile. */
  profile: string | null;
  severity: CheckSeverity | null;
  /** The check's human title, when the tool wrote one. */
  title: string | null;
  /**
   * The framework requirements the check evidences, by framework
   * (`{"CIS-3.0": ["1.20"]}`); null when the tool names none.
   */
  controls: Record<string, string[]> | null;
  /**
   * The tool was told to set this result aside (Prowler's muted, ASFF's
   * SUPPRESSED): an exception decided outside any register.
   */
  suppressed: boolean;
}

export const CHECK_RESULT = defineRecordKind({
  kind: "check_result",
  table: "check_results",
  time: "checked_at",
  booleans: ["suppressed"],
  json: ["controls"],
});

export interface CheckResultsTable extends RecordColumns {
  asset: string;
  check_id: string;
  result: string;
  checked_at: number;
  benchmark: string | null;
  profile: string | null;
  severity: string | null;
  title: string | null;
  controls: string | null;
  suppressed: number;
}

export type ComplianceCheckTables = { check_results: CheckResultsTable };
