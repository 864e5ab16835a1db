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

export const ECOSYSTEMS = ["npm", "pypi", "go"] as const;
export type Ecosystem = (typeof ECOSYSTEMS)[number];

/**
 * What a package manager's listing holds: `installed` every installed
 * package, no latest (`npm ls`, `pip list`); `outdated` only those behind,
 * with their latest (`npm outdated`, `pip list --outdated`); `complete`
 * every module with its latest where one is newer (`go list -m -u`).
 */
export const LISTINGS = ["installed", "outdated", "complete"] as const;
export type Listing = (typeof LISTINGS)[number];

/**
 * One package manager listing of one project, whatever it held: an
 * outdated listing with nothing behind is a look that found nothing, not
 * a missing one.
 */
export interface DependencyListing extends RecordIdentity {
  kind: "dependency_listing";
  listed_at: number;
  ecosystem: Ecosystem;
  project: string;
  listing: Listing;
  /** The packages it listed. */
  entries: number;
}

/** One package of one listing. */
export interface DependencyVersion extends RecordIdentity {
  kind: "dependency_version";
  listed_at: number;
  ecosystem: Ecosystem;
  project: string;
  listing: Listing;
  package: string;
  /** The installed version; null when the listing says it is not installed. */
  current: string | null;
  /** The newest version the project's range allows (npm's `wanted`). */
  wanted: string | null;
  /** The newest release, when the listing says (null: not said, or none newer for `complete`). */
  latest: string | null;
  /** False for a dependency the listing marks indirect; null when it cannot tell (pip). */
  direct: boolean | null;
  /** npm's `type` (dependencies, devDependencies…), when listed. */
  dependency_type: string | null;
  /** The package (or workspace) that depends on it, when listed. */
  dependent: string | null;
}

export const SECURITY_CONTROL = defineRecordKind({
  kind: "security_control",
  table: "security_controls",
  time: "snapshot_at",
  snapshot: true,
  json: ["tests", "attributes"],
});
export const TEST_RESULT = defineRecordKind({ kind: "test_result", table: "test_results", time: "ran_at" });
export const DEPENDENCY_LISTING = defineRecordKind({
  kind: "dependency_listing",
  table: "dependency_listings",
  time: "listed_at",
});
export const DEPENDENCY_VERSION = defineRecordKind({
  kind: "dependency_version",
  table: "dependency_versions",
  time: "listed_at",
  booleans: ["direct"],
});

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

export interface DependencyListingsTable extends RecordColumns {
  listed_at: number;
  ecosystem: string;
  project: string;
  listing: string;
  entries: number;
}
export interface DependencyVersionsTable extends RecordColumns {
  listed_at: number;
  ecosystem: string;
  project: string;
  listing: string;
  package: string;
  current: string | null;
  wanted: string | null;
  latest: string | null;
  direct: number | null;
  dependency_type: string | null;
  dependent: string | null;
}

export type AppsecTables = {
  security_controls: SecurityControlsTable;
  test_results: TestResultsTable;
  dependency_listings: DependencyListingsTable;
  dependency_versions: DependencyVersionsTable;
};
