import type { Generated } from "kysely";
import type { FindingOccurrencesTable, FindingSightingsTable, ScansTable } from "./findings-tables.ts";

/**
 * Table shapes. Instants are epoch milliseconds in 64-bit integer columns and
 * booleans are 0/1 integers, so SQLite and PostgreSQL store and compare them
 * the same way and aggregation stays in SQL.
 */
export interface ImportsTable {
  id: Generated<number>;
  format: string;
  feed: string;
  file_name: string;
  sha256: string;
  imported_at: number;
  records: number;
  skipped: number;
}

interface RecordColumns {
  id: Generated<number>;
  feed: string;
  external_id: string;
  attributes: string;
  import_id: number;
  line: number;
}

export interface IncidentsTable extends RecordColumns {
  title: string | null;
  severity: string | null;
  status: string | null;
  started_at: number | null;
  detected_at: number;
  reported_at: number | null;
  acknowledged_at: number | null;
  responded_at: number | null;
  recovered_at: number | null;
  closed_at: number | null;
  synthetic: number;
  root_cause: string | null;
  root_cause_category: string | null;
  service: string | null;
  owner: string | null;
}

export interface AlertsTable extends RecordColumns {
  created_at: number;
  severity: string | null;
  source: string | null;
  rule: string | null;
  disposition: string;
  triaged_at: number | null;
  incident_id: string | null;
}

export interface Database {
  imports: ImportsTable;
  incidents: IncidentsTable;
  alerts: AlertsTable;
  scans: ScansTable;
  finding_sightings: FindingSightingsTable;
  finding_occurrences: FindingOccurrencesTable;
}
