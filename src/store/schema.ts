import type { Generated } from "kysely";

/**
 * The tables of the store core. Instants are epoch milliseconds in 64-bit
 * integer columns and booleans are 0/1 integers, so SQLite and PostgreSQL
 * store and compare them the same way and aggregation stays in SQL. Each
 * domain declares its own tables beside its record kinds and reads them
 * with `db.withTables<…>()`.
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
  /** JSON of `ImportRecord.options`; null before options were kept. */
  options: string | null;
}

export interface CoreTables {
  imports: ImportsTable;
}

/** The columns every record table has: identity, and the import and line it came from. */
export interface RecordColumns {
  id: Generated<number>;
  feed: string;
  external_id: string;
  import_id: number;
  line: number;
}

/** Where a selected row came from, joined from `imports as i` (see `PROVENANCE_COLUMNS`). */
export interface ProvenanceColumns {
  import_id: number;
  line: number;
  prov_file_name: string;
  prov_sha256: string;
  prov_imported_at: number;
}

/** Select these beside a record table aliased `r` joined to `imports as i`. */
export const PROVENANCE_COLUMNS = [
  "i.file_name as prov_file_name",
  "i.sha256 as prov_sha256",
  "i.imported_at as prov_imported_at",
] as const;
