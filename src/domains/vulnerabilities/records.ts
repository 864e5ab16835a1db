import type { Generated } from "kysely";
import type { InputProblem } from "../../model/errors.ts";
import type { Severity } from "../../model/severity.ts";

/**
 * Scanner output, normalized. A scan is applied whole: a finding's absence
 * from a later complete scan of the same target by the same tool is what
 * fixes it, so a scan and its findings travel together (`ScanImport`).
 */
export const SCAN_TYPES = ["sast", "dast", "dependency", "container", "iac", "secret"] as const;
export type ScanType = (typeof SCAN_TYPES)[number];

export const FINDING_STATUSES = [
  "open",
  "accepted_risk",
  "false_positive",
  "duplicate",
  "suppressed",
] as const;
/** Everything but `open` leaves the KPI denominators and is shown apart. */
export type FindingStatus = (typeof FINDING_STATUSES)[number];

export interface Scan {
  kind: "scan";
  /** Identity namespace, as for every record (`Incident.feed`). */
  feed: string;
  /** Scan identity: tool + target + time, so re-importing the same scan changes nothing. */
  external_id: string;
  /**
   * Lower-case tool name ("trivy", "codeql", "zap"; a SARIF run's analysis
   * category follows it): only a scan by the same tool closes a finding.
   */
  tool: string;
  /** What the scan mainly looked for; each finding carries its own `category`. */
  scan_type: ScanType;
  /** Image, repository, host or URL that was scanned. */
  target: string;
  scanned_at: number;
  /**
   * False when the tool says it did not finish (SARIF `executionSuccessful:
   * false`, results absent) or when the input is a listing, not a scan
   * (Dependabot): such a scan records sightings but never fixes anything.
   */
  complete: boolean;
}

/** Timestamps a tool keeps itself (Dependabot alerts): used as given, not derived from scans. */
export interface OwnLifecycle {
  created_at: number;
  fixed_at: number | null;
  dismissed_at: number | null;
  dismissed_reason: string | null;
}

export interface Finding {
  /** Stable across scans: target + vulnerability id + package or location. */
  identity: string;
  /** CVE, GHSA, OSV id, rule id or ZAP plugin id. */
  vulnerability_id: string;
  title: string | null;
  /** Null only when the tool rates nothing (an OSV entry without severity): never guessed. */
  severity: Severity | null;
  category: ScanType;
  package_name: string | null;
  package_version: string | null;
  fixed_version: string | null;
  /** File:line, URL or manifest path. */
  location: string | null;
  /** Direct dependency (true), transitive (false), or unknown (null). */
  direct: boolean | null;
  status: FindingStatus;
  /** Why it is not open, in the tool's words (Dependabot's dismissed reason, a SARIF justification). */
  status_reason: string | null;
  own_lifecycle: OwnLifecycle | null;
  /** Input line the finding starts on (provenance). */
  line: number;
  /** Tool fields secmetrics has no column for, kept as text. */
  attributes: Record<string, string>;
}

/** One scan with all its findings: the unit an importer produces and the store applies. */
export interface ScanImport {
  scan: Scan;
  findings: Finding[];
  /** Results the tool itself reported as suppressed or not failing, counted apart. */
  suppressed: number;
  /** Row-level problems (a finding with an unknown severity word): the import fails unless skipped. */
  problems: InputProblem[];
}

/**
 * A streamed scan: the scan first, then its findings. Lets a 100 MB Trivy
 * report flow into the store without holding it (see `Importer`).
 */
export type ScanItem =
  | { line: number; scan: Scan }
  | { line: number; finding: Finding }
  | { line: number; problem: string }
  | { line: number; suppressed: number };

/**
 * One stretch of time a finding was present on a target, as stored: derived
 * from the scans (see `computeLifecycle`), what the KPIs count and
 * `secmetrics findings` lists.
 */
export interface FindingRecord {
  target: string;
  tool: string;
  identity: string;
  /** 1 the first time it was seen, 2+ after each fix. */
  occurrence: number;
  reintroduced: boolean;
  vulnerability_id: string;
  title: string | null;
  severity: Severity | null;
  category: ScanType;
  package_name: string | null;
  package_version: string | null;
  fixed_version: string | null;
  location: string | null;
  direct: boolean | null;
  status: FindingStatus;
  status_reason: string | null;
  first_seen_at: number;
  last_seen_at: number;
  fixed_at: number | null;
  /** Frozen when first seen. */
  due_at: number | null;
}

/**
 * A user's decision that a scan target is gone (an image no longer built, a
 * decommissioned host): from `retired_at` its findings no longer count as
 * open. It ends at `restored_at`, or at the target's next scan.
 */
export interface TargetRetirement {
  target: string;
  retired_at: number;
  retired_by: string;
  reason: string | null;
  restored_at: number | null;
  restored_by: string | null;
}

/** The tables of scans and findings; instants are epoch ms, booleans 0/1. */
export interface ScansTable {
  id: Generated<number>;
  feed: string;
  external_id: string;
  tool: string;
  scan_type: string;
  target: string;
  scanned_at: number;
  complete: number;
  findings: number;
  suppressed: number;
  import_id: number;
  line: number;
}

interface FindingColumns {
  id: Generated<number>;
  identity: string;
  vulnerability_id: string;
  title: string | null;
  severity: string | null;
  category: string;
  package_name: string | null;
  package_version: string | null;
  fixed_version: string | null;
  location: string | null;
  direct: number | null;
  status: string;
  status_reason: string | null;
  import_id: number;
  line: number;
}

/** What one scan saw: the raw data occurrences are derived from. */
export interface FindingSightingsTable extends FindingColumns {
  scan_id: number;
  own_created_at: number | null;
  own_fixed_at: number | null;
  own_dismissed_at: number | null;
  own_dismissed_reason: string | null;
  attributes: string;
}

/** Derived: one row per stretch of time a finding was present on a (target, tool). */
export interface FindingOccurrencesTable extends FindingColumns {
  target: string;
  tool: string;
  occurrence: number;
  reintroduced: number;
  first_seen_at: number;
  last_seen_at: number;
  fixed_at: number | null;
  due_at: number | null;
  first_scan_id: number;
  last_scan_id: number;
}

export interface TargetRetirementsTable extends TargetRetirement {
  id: Generated<number>;
}

export type VulnerabilityTables = {
  scans: ScansTable;
  finding_sightings: FindingSightingsTable;
  finding_occurrences: FindingOccurrencesTable;
  target_retirements: TargetRetirementsTable;
};
