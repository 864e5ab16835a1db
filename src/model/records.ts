/**
 * Normalized records. Every instant is epoch milliseconds (UTC); every record
 * has an identity `(feed, external_id)` so that a later export of the same
 * item updates it instead of counting it twice. `feed` names where the ids
 * come from (by default the import format's family, e.g. "incidents").
 */
export interface RecordIdentity {
  feed: string;
  external_id: string;
}

/** Any record a store can hold: its kind names the registered record kind it is stored as. */
export interface StorableRecord extends RecordIdentity {
  kind: string;
}

/** Where a stored record came from: shown in every drill-down. */
export interface Provenance {
  import_id: number;
  file_name: string;
  sha256: string;
  imported_at: number;
  line: number;
}

export type Stored<R> = R & { provenance: Provenance };
