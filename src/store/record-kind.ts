/**
 * How one kind of record is stored. Everything generic about a record kind
 * is derived from this declaration: the writer's upsert, the reads of a
 * period or of the latest snapshot, provenance, the decoding of 0/1 and
 * JSON columns, and the shared columns of a new kind's table.
 */
export interface RecordKindDefinition<K extends string = string> {
  kind: K;
  table: string;
  /** The instant a record belongs to: periods, and where the data begins, are read from it. */
  time: string;
  /**
   * A snapshot is a whole inventory taken at `time`: each snapshot is kept
   * (its instant is part of the identity) and reads take each feed's latest.
   */
  snapshot: boolean;
  /** Columns that identify a row: a later export of the same item updates it. */
  identity: readonly string[];
  /** Columns stored as 0/1 and read back as booleans (null stays null). */
  booleans: readonly string[];
  /** Columns stored as JSON text. */
  json: readonly string[];
}

export interface RecordKindSpec<K extends string> {
  kind: K;
  table: string;
  time: string;
  snapshot?: boolean;
  booleans?: readonly string[];
  json?: readonly string[];
}

/** A record kind; its identity is (feed, external_id), plus the snapshot instant for snapshots. */
export function defineRecordKind<K extends string>(spec: RecordKindSpec<K>): RecordKindDefinition<K> {
  const snapshot = spec.snapshot ?? false;
  return {
    kind: spec.kind,
    table: spec.table,
    time: spec.time,
    snapshot,
    identity: snapshot ? ["feed", "external_id", spec.time] : ["feed", "external_id"],
    booleans: spec.booleans ?? [],
    json: spec.json ?? [],
  };
}
