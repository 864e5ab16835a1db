import type { SlaPolicy } from "../kpi/vulnerability-lifecycle.ts";
import type { VulnerabilityTally } from "../kpi/vulnerability-management.ts";
import type {
  AuthTally,
  BanTally,
  EventKind,
  EventRecord,
  HttpTally,
  ProbeKind,
  ProbeResult,
  TlsHandshakeTally,
} from "../model/events.ts";
import type { Finding, FindingRecord, Scan } from "../model/findings.ts";
import type { Alert, AlertTally, Incident, NormalizedRecord, RecordKind, Stored } from "../model/records.ts";
import type { FindingQuery } from "./findings-store.ts";

export interface ImportRecord {
  id: number;
  format: string;
  feed: string;
  file_name: string;
  sha256: string;
  imported_at: number;
  records: number;
  skipped: number;
}

export type NewImport = Omit<ImportRecord, "id" | "records" | "skipped">;

export interface Interval {
  start: number;
  end: number;
}

/** Writes one import's records; lives only inside `Store.importRecords`. */
export interface RecordWriter {
  readonly importId: number;
  /**
   * Buffers the record and flushes full batches; upserts on the kind's
   * identity. Returns a promise only when it has to wait (a batch written
   * asynchronously), so a caller need not await every row.
   */
  write(record: NormalizedRecord, line: number): void | Promise<void>;
  /**
   * Starts a scan; the findings written next are its own. A scan stored
   * before under the same (feed, external_id) is replaced whole.
   */
  scan(scan: Scan, line: number): Promise<void>;
  /** A finding of the current scan (upserts on its identity within the scan). */
  finding(finding: Finding, line: number): Promise<void>;
  /** Results of the current scan the tool reported as suppressed: counted apart. */
  suppressed(count: number): void;
}

/** Options of one import: the SLA policy sets the due dates of findings first seen by its scans. */
export interface ImportRecordsOptions {
  sla?: SlaPolicy;
}

export interface AlertQuery extends Interval {
  escalated?: boolean;
  disposition?: Alert["disposition"];
  limit?: number;
}

/**
 * Everything secmetrics keeps. One implementation over Kysely serves SQLite
 * and PostgreSQL; callers never see SQL or engine errors.
 */
export interface Store {
  readonly engine: "sqlite" | "postgres";
  findImport(sha256: string, format: string, feed: string): Promise<ImportRecord | undefined>;
  /**
   * Runs `fill` in one transaction: the import row and every record commit
   * together, or nothing does (when `fill` throws).
   */
  importRecords(
    meta: NewImport,
    fill: (writer: RecordWriter) => Promise<{ skipped: number }>,
    options?: ImportRecordsOptions,
  ): Promise<ImportRecord>;
  listImports(): Promise<ImportRecord[]>;
  /**
   * Time of the latest import in any of `formats`, or null when none. An
   * import with no records counts: an empty export says "nothing happened".
   */
  lastImportAt(formats: readonly string[]): Promise<number | null>;
  /** Earliest instant of any stored record of `kind` (incidents by detection, alerts by creation). */
  earliestRecord(kind: RecordKind): Promise<number | null>;
  incidentsDetected(interval: Interval): Promise<Stored<Incident>[]>;
  alertTally(interval: Interval): Promise<AlertTally>;
  alerts(query: AlertQuery): Promise<Stored<Alert>[]>;
  /** Issue 3. Finding occurrences open at `end`, fixed in and first seen in the interval, grouped in SQL. */
  vulnerabilityTally(interval: Interval): Promise<VulnerabilityTally>;
  /** Finding occurrences matching every given filter, oldest first sighting first, with provenance. */
  findings(query: FindingQuery): Promise<Stored<FindingRecord>[]>;
  /** Issue 4. Authentications of the interval, counted in SQL, with the top `top` failing source IPs. */
  authTally(interval: Interval, top: number): Promise<AuthTally>;
  /** 401/403 and rate-limit rejections of the interval, counted in SQL. */
  httpTally(interval: Interval): Promise<HttpTally>;
  /** Handshakes below the minimum logged in the interval, grouped in SQL by protocol. */
  tlsHandshakeTally(interval: Interval): Promise<TlsHandshakeTally>;
  /** IPs banned in the interval, counted in SQL. */
  banTally(interval: Interval): Promise<BanTally>;
  /** Timed event records of one kind in the interval, oldest first, with provenance. */
  events<K extends TimedEventKind>(kind: K, query: EventQuery): Promise<Stored<EventOf<K>>[]>;
  /** Each feed's latest snapshot taken before `end` (snapshots are states, not events). */
  snapshot<K extends SnapshotKind>(kind: K, end: number): Promise<Stored<EventOf<K>>[]>;
  /** Each target's latest result of `probe` checked before `end`. */
  latestProbeResults(probe: ProbeKind, end: number): Promise<Stored<ProbeResult>[]>;
  close(): Promise<void>;
}

export type SnapshotKind = "account" | "token";
export type TimedEventKind = Exclude<EventKind, SnapshotKind | "probe_result">;
export type EventOf<K extends EventKind> = Extract<EventRecord, { kind: K }>;

export interface EventQuery extends Interval {
  /** Column → accepted values, e.g. `{ outcome: ["failure"] }`. */
  where?: Record<string, readonly (string | number)[]>;
  limit?: number;
}
