import type { Config } from "../../config/schema.ts";
import type { SourceConfig, SourceKind } from "../../config/sources.ts";
import type { StreamCursor } from "../../store/connector-cursor-store.ts";
import type { ApiHttpOptions, ApiRequest } from "../http/api-http.ts";

/**
 * One document a connector pulled from an API, imported exactly as a file
 * of its format would be: the same bytes imported again change nothing.
 */
export interface PulledDocument {
  /** The importer id, as `import --format` takes it. */
  format: string;
  /**
   * Canonical JSON (`JSON.stringify` of what the API answered, trimmed to
   * what is new): its SHA-256 is the import's, so a page pulled twice is
   * imported once.
   */
  content: string;
  /** The stream it belongs to (its cursor moves once its documents are all imported). */
  stream: string;
  /** The API URL it came from (no credential in it). */
  url: string;
  /** The window it covers: updates after `since` (null: from the start) up to the pull at `until`. */
  window: { since: string | null; until: number };
  /** The import's `target` when the content does not name it (a repository's own listing). */
  target?: string;
}

/** A stream read to its end: its cursor is stored once every document before it is imported. */
export interface StreamEnd {
  stream: string;
  cursor: StreamCursor;
}

/** What a connector yields, in order: documents, and the end of each stream after its documents. */
export type PullItem = { document: PulledDocument } | { end: StreamEnd };

/** What a connector may send a request with: the rest (waits, retries, redaction) the run supplies. */
export type ConnectorHttpOptions = Pick<
  ApiHttpOptions,
  "service" | "base" | "headers" | "forbiddenHint" | "backoff"
>;

export type Environment = Readonly<Record<string, string | undefined>>;

/** What one pull of a source is given. */
export interface PullContext<S> {
  source: S;
  /** The whole config: how a connector's importer will read what it pulls (the fields to ask for). */
  config: Config;
  /** Each stream's cursor; empty on a full pull (`secmetrics pull --full`). */
  cursors: ReadonlyMap<string, StreamCursor>;
  /** The values of the variables `credentials` named, each set (a run with one unset fails before), and of the optional ones set. */
  credentials: Readonly<Record<string, string>>;
  /** The process environment, for settings that are no secret (an API's base URL). */
  env: Environment;
  /** A JSON client over `fetch`: rate limits waited out, errors naming the request, credentials redacted. */
  http(options: ConnectorHttpOptions): ApiRequest;
  /** When the pull started. */
  now: number;
}

/**
 * Pulls a source's data from an API. A connector reads, never writes: the
 * run imports each document it yields through the source's importer and
 * stores a stream's cursor when the stream ends, so a pull that fails
 * mid-way leaves the cursor where it was and the next one resumes there.
 */
export interface Connector<K extends SourceKind> {
  /** The environment variables holding the source's credentials, as its config names them. */
  credentials(source: Extract<SourceConfig, { kind: K }>): readonly string[];
  /** Credentials a source may have but need not (a session token): passed and redacted when set. */
  optionalCredentials?(source: Extract<SourceConfig, { kind: K }>): readonly string[];
  /** The importer formats its documents are imported as: a successful pull vouches for them up to when it ran. */
  formats(source: Extract<SourceConfig, { kind: K }>): readonly string[];
  pull(context: PullContext<Extract<SourceConfig, { kind: K }>>): AsyncIterable<PullItem>;
}

/** The kinds of source that read files or probe endpoints themselves; every other kind is a connector's. */
export type ConnectorKind = Exclude<SourceKind, "files" | "probe">;
