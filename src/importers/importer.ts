import type { Readable } from "node:stream";
import type { JiraMapping } from "../config/jira.ts";
import type { ScanItem } from "../domains/vulnerabilities/records.ts";
import type { StorableRecord } from "../model/records.ts";

/** Where an importer reads from: a file on disk or an upload held by the server. */
export interface InputSource {
  /** Shown in errors (`name:line: reason`) and kept as provenance. */
  name: string;
  open(): Readable;
  /** The file on disk, when it is one: a large one is parsed in a worker thread that opens it itself. */
  path?: string;
  /** Modification time (epoch ms) of a file on disk: the year of syslog lines when `--year` is not given. */
  mtime?: number;
}

/** One file of a directory input. */
export interface DirectoryFile {
  /** Relative to the directory, `/`-separated. */
  path: string;
  open(): Readable;
}

/** A folder read as one input by a directory importer (e.g. a registry snapshot spread over files). */
export interface DirectorySource {
  /** Shown in errors and kept as provenance. */
  name: string;
  /** Its regular files, sorted by path, dot-files left out. */
  files: readonly DirectoryFile[];
}

/** What detection sees of an input. */
export interface InputSample {
  name: string;
  /** The first bytes of a file; empty for a directory. */
  head: string;
  /** The same first bytes as read, for a binary format (a zip's first entries); absent for a directory. */
  bytes?: Uint8Array;
  /** A directory's file paths (sorted, relative); absent for a file. */
  files?: readonly string[];
}

export interface ImportOptions {
  /** IANA zone for timestamps that carry no offset. */
  timezone: string;
  /** What a scan was of, when the file does not say (scanner formats). */
  target?: string;
  /** When a scan ran, when the file does not say (epoch ms). */
  scannedAt?: number;
  /** Year of syslog-style timestamps that carry none. */
  year?: number;
  /** nginx `log_format` string of an access log that is not `combined`. */
  logFormat?: string;
  /** Handshakes on an older protocol than this (`probes.minimum_tls`, default TLSv1.2) are kept from logs. */
  minimumTls?: string;
  /** The longest line (or CSV, NDJSON or JSON array record) read, in bytes (`imports.max_line_bytes`, default 1 MiB). */
  maxLineBytes?: number;
  /** How Jira issues read as incidents (`jira_incidents`; its defaults when not given). */
  jira?: JiraMapping;
}

export interface ImportContext extends ImportOptions {
  file: string;
  /** Modification time of the input (epoch ms), when it has one. */
  fileTime?: number;
  /** When the import runs (epoch ms): the instant of a snapshot whose input carries none (a folder). */
  importedAt?: number;
}

/** A record read from an input, a row problem, a log line left out, or an entry the format does not import. */
export type RecordItem<R extends StorableRecord = StorableRecord> =
  | { line: number; record: R }
  | { line: number; problem: string }
  | SkippedLine
  | LeftOutEntry;

/**
 * A log line the importer cannot read (truncated, another variant, garbage
 * from a crash): left out and reported, the rest of the log imports. Logs
 * are written by machines over months, so one odd line must not refuse them;
 * structured files yield a `problem` instead.
 */
export interface SkippedLine {
  line: number;
  skipped: string;
}

/**
 * An entry the importer read well and leaves out on purpose, being of
 * another kind than its records (an ASFF threat finding among control
 * checks, an archived one): neither a problem nor unreadable, so `--strict`
 * takes the file; the reason says what the entry is.
 */
export interface LeftOutEntry {
  line: number;
  leftOut: string;
}

/**
 * One parsed input item. A problem is a row-level error: the import fails
 * unless the user asked to skip invalid rows. Errors that make the rest of the
 * file unreadable (truncated JSON, missing header column) are thrown as
 * `InvalidInputError` instead. Scanner formats yield `ScanItem`s: a scan,
 * then its findings (and suppressed counts), applied whole by the store.
 */
export type ParsedItem = RecordItem | ScanItem;

/**
 * How near a sample comes to a format that does not claim it: what a failed
 * detection names ("looks like incidents-csv: missing columns detected_at").
 */
export interface NearMatch {
  /** How many of the sample's columns (or keys) the format knows: the closeness. */
  known: number;
  /** What the format needs and the sample lacks. */
  missing: readonly string[];
  /** What `missing` lists, in words: `columns`, `fields`. */
  of: string;
}

/** An option that can complete an input: see `identityOptions`. */
export type IdentityOption = "target" | "scannedAt";

interface ImporterInfo {
  /** The `--format` name. */
  id: string;
  title: string;
  /** Identity namespace of the records (see `Incident.feed`); `--feed` overrides it. */
  feed: string;
  /** Every kind of record (or "scan") the importer yields, and no other: what the importer feeds. */
  kinds: readonly string[];
  /**
   * Options that supply what the input itself lacks (the node and the time
   * of a kube-bench run, which its JSON does not name): part of the import's
   * identity, so the same bytes given for another subject or run are another
   * import rather than a re-import. Empty for inputs that are whole in themselves.
   */
  identityOptions: readonly IdentityOption[];
  /** True when the sample is unmistakably this format. */
  detect(sample: InputSample): boolean;
  /** For a sample it does not claim: how near it comes, when the format can tell (tables, by their columns). */
  near?(sample: InputSample): NearMatch | undefined;
}

/** Reads one file (or upload). Built with `defineImporter`. */
export interface Importer<Item extends ParsedItem = ParsedItem> extends ImporterInfo {
  input: "file";
  parse(input: Readable, ctx: ImportContext): AsyncIterable<Item>;
}

/** Reads a whole directory as one import. Built with `defineImporter` and the `directory` reader. */
export interface DirectoryImporter<Item extends ParsedItem = ParsedItem> extends ImporterInfo {
  input: "directory";
  parse(input: DirectorySource, ctx: ImportContext): AsyncIterable<Item>;
}

export type AnyImporter = Importer | DirectoryImporter;
