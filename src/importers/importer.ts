import type { Readable } from "node:stream";
import type { ScanItem } from "../domains/vulnerabilities/records.ts";
import type { StorableRecord } from "../model/records.ts";

/** Where an importer reads from: a file on disk or an upload held by the server. */
export interface InputSource {
  /** Shown in errors (`name:line: reason`) and kept as provenance. */
  name: string;
  open(): Readable;
  /** Modification time (epoch ms) of a file on disk: the year of syslog lines when `--year` is not given. */
  mtime?: number;
}

/** The first bytes of an input, for format detection. */
export interface InputSample {
  name: string;
  head: string;
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
}

export interface ImportContext extends ImportOptions {
  file: string;
  /** Modification time of the input (epoch ms), when it has one. */
  fileTime?: number;
}

/**
 * One parsed input item. A problem is a row-level error: the import fails
 * unless the user asked to skip invalid rows. Errors that make the rest of the
 * file unreadable (truncated JSON, missing header column) are thrown as
 * `InvalidInputError` instead. Scanner formats yield `ScanItem`s: a scan,
 * then its findings (and suppressed counts), applied whole by the store.
 */
export type ParsedItem =
  | { line: number; record: StorableRecord }
  | { line: number; problem: string }
  | ScanItem;

export interface Importer {
  /** The `--format` name. */
  id: string;
  title: string;
  /** Identity namespace of the records (see `Incident.feed`); `--feed` overrides it. */
  feed: string;
  /** The record kinds it yields ("scan" for scanner formats): what the importer feeds. */
  kinds: readonly string[];
  /** True when the sample is unmistakably this format. */
  detect(sample: InputSample): boolean;
  parse(input: Readable, ctx: ImportContext): AsyncIterable<ParsedItem>;
}
