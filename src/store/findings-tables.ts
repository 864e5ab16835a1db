import type { Generated } from "kysely";

/** Table shapes of migration 0002 (scans and findings); instants are epoch ms, booleans 0/1. */
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
