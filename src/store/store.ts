import type { CompiledQuery, Kysely, Transaction } from "kysely";
import { SecmetricsError } from "../model/errors.ts";
import type { StorableRecord, Stored } from "../model/records.ts";
import type { Dialect } from "./engines.ts";
import type { CoreTables, ProvenanceColumns } from "./schema.ts";

export interface ImportRecord {
  id: number;
  format: string;
  feed: string;
  file_name: string;
  sha256: string;
  imported_at: number;
  records: number;
  /** Rows left out with --skip-invalid, and log lines the importer could not read. */
  skipped: number;
  /**
   * The options given that shape the records (`target`, `scanned_at`, `year`,
   * `log_format`), `{}` when none was; null for imports recorded before they were kept.
   */
  options: ImportSettings | null;
}

/** Option name → the value given, as text. */
export type ImportSettings = Readonly<Record<string, string>>;

export type NewImport = Omit<ImportRecord, "id" | "records" | "skipped" | "options"> & {
  options?: ImportSettings;
};

/** What the imports of one format say about its source. */
export interface FormatImports {
  /**
   * Time of the latest import. An import with no records counts: an empty
   * export says "nothing happened".
   */
  lastImportAt: number;
  /** The latest instant an import's file is said to cover (its `covers_until` option), or null. */
  coversUntil: number | null;
}

export interface Interval {
  start: number;
  end: number;
}

/**
 * The same content, format and feed was recorded by an import that committed
 * first, while this one waited for the store: nothing of this one was
 * written, and `findImport` now finds the other.
 */
export class ImportedMeanwhileError extends SecmetricsError {
  constructor(file: string) {
    super("conflict", `${file}: imported meanwhile by another import of the same content`);
  }
}

/** Writes one import's records; lives only inside `Store.importRecords`. */
export interface RecordWriter {
  readonly importId: number;
  /**
   * Buffers the record and flushes full batches; upserts on the kind's
   * identity. Returns a promise only when it has to wait (a batch written
   * asynchronously), so a caller need not await every row.
   */
  write(record: StorableRecord, line: number): void | Promise<void>;
  /**
   * `write` for a record given as its values in the order of `keys` (its
   * own keys, `kind` left out): how records parsed in a worker thread
   * arrive, with no object to build again per row.
   */
  writeValues(
    kind: string,
    keys: readonly string[],
    values: readonly unknown[],
    line: number,
  ): void | Promise<void>;
  /**
   * The import's transaction, for a domain's own import-time work (scans
   * and the finding lifecycle derived from them): it commits or rolls back
   * with the records.
   */
  readonly transaction: Transaction<CoreTables>;
}

/** What `fill` reports back: rows left out, and rows it wrote itself through the transaction. */
export interface FillResult {
  skipped: number;
  /** Rows written through `transaction` rather than `write` (counted in the import's records). */
  written?: number;
}

/** Which records of one kind to list: those whose time column is in [start, end). */
export interface RecordQuery extends Interval {
  /** Column → accepted values, e.g. `{ outcome: ["failure"] }`. */
  where?: RecordSelection;
  limit?: number;
}

/** Column → accepted values: one rule that both a count in SQL and a listing of records can apply. */
export type RecordSelection = Readonly<Record<string, readonly (string | number)[]>>;

/**
 * What a domain's queries receive: the query builder over the store's
 * connection, and the store's fast path for large selects.
 */
export interface QueryContext {
  readonly db: Kysely<CoreTables>;
  /** The engine the queries run on, for the few SQL functions whose names differ (`jsonRows`). */
  readonly engine: Dialect;
  /**
   * Runs a select and returns its rows; on SQLite through a cached prepared
   * statement that returns arrays (much cheaper per row for wide tables).
   */
  rows<R>(query: { compile(): CompiledQuery<R>; execute(): Promise<R[]> }): Promise<R[]>;
  /** Rows of one select with `PROVENANCE_COLUMNS` back into records: 0/1 into booleans, JSON text into values. */
  decode<R extends StorableRecord>(
    kind: R["kind"],
    rows: readonly (Record<string, unknown> & ProvenanceColumns)[],
  ): Stored<R>[];
}

/** Where the stored records of a kind begin and end (time column), null when there is none. */
export interface RecordBounds {
  earliest: number | null;
  latest: number | null;
}

/**
 * The generic store core: imports with provenance, the batch writer, generic
 * reads of any registered record kind, and the data version. Domain
 * aggregates run through `read` with the domain's own SQL. One
 * implementation over Kysely serves SQLite and PostgreSQL; callers never
 * see engine errors.
 */
export interface Store {
  readonly engine: "sqlite" | "postgres";
  findImport(sha256: string, format: string, feed: string): Promise<ImportRecord | undefined>;
  /**
   * Runs `fill` in one transaction: the import row and every record commit
   * together, or nothing does (when `fill` throws). The same SHA-256, format
   * and feed recorded by another import first (one file imported by two
   * processes at once) throws `ImportedMeanwhileError` before `fill` runs.
   */
  importRecords(meta: NewImport, fill: (writer: RecordWriter) => Promise<FillResult>): Promise<ImportRecord>;
  listImports(): Promise<ImportRecord[]>;
  /**
   * What the imports of each format say, from one read of the imports: a
   * format absent from the map was never imported.
   */
  importsByFormat(): Promise<Map<string, FormatImports>>;
  /** Changes whenever an import is added: a cache key for anything computed from the data. */
  dataVersion(): Promise<string>;
  /** Earliest instant (time column) of any stored record of `kind`, or null when there is none. */
  earliestRecord(kind: string): Promise<number | null>;
  /**
   * Latest instant (time column) of any stored record of `kind`, or null when there is none:
   * where the data ends (for a snapshot kind, the latest snapshot), whenever it was imported.
   */
  latestRecord(kind: string): Promise<number | null>;
  /**
   * `earliestRecord` and `latestRecord` of each of `kinds`, from one
   * statement: a command that needs many of them pays one round trip. A
   * kind that is no registered record kind (the scans a pack keeps in
   * tables of its own) is left out of the map.
   */
  recordBounds(kinds: readonly string[]): Promise<Map<string, RecordBounds>>;
  /** Records of one kind in the interval, oldest first, with provenance. */
  records<R extends StorableRecord>(kind: R["kind"], query: RecordQuery): Promise<Stored<R>[]>;
  /** Each feed's latest snapshot of a snapshot kind taken before `end` (snapshots are states, not events). */
  snapshot<R extends StorableRecord>(kind: R["kind"], end: number): Promise<Stored<R>[]>;
  /** Runs a domain's query on the store's connection. */
  read<T>(query: (context: QueryContext) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
