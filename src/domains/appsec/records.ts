import type { RecordIdentity } from "../../model/records.ts";
import { defineRecordKind } from "../../store/record-kind.ts";
import type { RecordColumns } from "../../store/schema.ts";

export const CONTROL_RISKS = ["high", "medium", "low"] as const;
export type ControlRisk = (typeof CONTROL_RISKS)[number];

/**
 * One security control of the controls register and the automated tests
 * that verify it. The register is a snapshot: each import is the whole
 * register at `snapshot_at`, identity `control_id` within the feed.
 */
export interface SecurityControl extends RecordIdentity {
  kind: "security_control";
  snapshot_at: number;
  control_id: string;
  title: string | null;
  risk: ControlRisk;
  owner: string | null;
  /** Test ids (`classname.name`) or patterns (`*` for any characters) over test ids, suites and files. */
  tests: string[];
  attributes: Record<string, string>;
}

export const TEST_OUTCOMES = ["passed", "failed", "error", "skipped"] as const;
export type TestOutcome = (typeof TEST_OUTCOMES)[number];

/** One test case of one run, as a JUnit XML report lists it. */
export interface TestResult extends RecordIdentity {
  kind: "test_result";
  /** When the run started: the suite's `timestamp`, else the time given at import. */
  ran_at: number;
  /** `classname.name`, or the suite's name before the name when the case has no classname. */
  test_id: string;
  suite: string | null;
  classname: string | null;
  name: string;
  file: string | null;
  outcome: TestOutcome;
  /** Seconds, as the runner wrote them. */
  duration: number | null;
  /** The failure's, error's or skip's message. */
  message: string | null;
}

export const SECURITY_CONTROL = defineRecordKind({
  kind: "security_control",
  table: "security_controls",
  time: "snapshot_at",
  snapshot: true,
  json: ["tests", "attributes"],
});
export const TEST_RESULT = defineRecordKind({ kind: "test_result", table: "test_results", time: "ran_at" });

export interface SecurityControlsTable extends RecordColumns {
  snapshot_at: number;
  control_id: string;
  title: string | null;
  risk: string;
  owner: string | null;
  /** JSON array. */
  tests: string;
  attributes: string;
}
export interface TestResultsTable extends RecordColumns {
  ran_at: number;
  test_id: string;
  suite: string | null;
  classname: string | null;
  name: string;
  file: string | null;
  outcome: string;
  duration: number | null;
  message: string | null;
}

export type AppsecTables = {
  security_controls: SecurityControlsTable;
  test_results: TestResultsTable;
};
