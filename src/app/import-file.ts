import { createHash } from "node:crypto";
import { join } from "node:path";
import { PassThrough, type Readable } from "node:stream";
import type { Config } from "../config/schema.ts";
import type { SlaPolicy } from "../domains/vulnerabilities/lifecycle.ts";
import { ScanWriter } from "../domains/vulnerabilities/scan-writer.ts";
import { directorySource, fileSource, isDirectory } from "../importers/file-source.ts";
import type {
  AnyImporter,
  DirectorySource,
  IdentityOption,
  ImportContext,
  ImportOptions,
  InputSample,
  InputSource,
  ParsedItem,
} from "../importers/importer.ts";
import { detectImporter, findImporter, IMPORTERS } from "../importers/registry.ts";
import { refuseUtf16 } from "../importers/shared/encoding.ts";
import { parseInWorker } from "../importers/worker/parse-in-worker.ts";
import type { BatchEntry, RecordRun } from "../importers/worker/parse-protocol.ts";
import { type CountedProblems, InvalidInputError, SecmetricsError } from "../model/errors.ts";
import { NO_PROBLEMS, ProblemCollector } from "../model/problem-collector.ts";
import {
  ImportedMeanwhileError,
  type ImportRecord,
  type ImportSettings,
  type RecordWriter,
  type Store,
} from "../store/store.ts";
import { DASHBOARD_FEED } from "./exception-change.ts";
import { slaPolicyFromConfig } from "./sla-policy.ts";

export interface ImportRequest {
  /** A file or an upload; or a directory, which a directory importer reads as one import. */
  source: InputSource | DirectorySource;
  /** An importer id; omitted or "auto" detects it from the content. */
  format?: string;
  /** Overrides the importer's identity namespace (two tools with clashing ids). */
  feed?: string;
  /** Import the good rows and report the bad ones instead of rejecting the file. */
  skipInvalid?: boolean;
  /** Refuse a log with any line the importer cannot read, instead of leaving those lines out. */
  strict?: boolean;
  /** Record an input that yields no record (an export that is empty because nothing happened). */
  allowEmpty?: boolean;
  /**
   * The export holds every record of its source up to this instant, so a
   * quiet stretch before it is data (no incident happened), not a source
   * gone silent: the data ends here at the earliest.
   */
  coversUntil?: number;
  options: ImportOptions;
  now: number;
  onProgress?: (bytesRead: number) => void;
  /** Due dates of findings first seen by scans in this file (default: critical 7 days, high 30, medium 90, low 120). */
  sla?: SlaPolicy;
  /** The formats to choose from; the registry unless a caller brings its own. */
  importers?: readonly AnyImporter[];
  /**
   * Where a file on disk is parsed: in a worker thread while this one writes,
   * or in this thread. By default a worker for a file of `WORKER_MIN_BYTES`
   * or more of a registry format; an upload or a directory is parsed here.
   */
  parseIn?: "worker" | "thread";
}

/** Below this size starting a worker thread costs more than parsing beside the writer saves. */
export const WORKER_MIN_BYTES = 8 * 1024 * 1024;

/** What an import takes from the configuration rather than from the request. */
export interface ConfiguredImport {
  options: Pick<ImportOptions, "timezone" | "minimumTls" | "maxLineBytes" | "jira">;
  sla: SlaPolicy;
}

/**
 * The one place that says which settings an import takes from the config,
 * so the CLI and the server cannot drift apart when another one is added.
 */
export function configuredImport(config: Config): ConfiguredImport {
  return {
    options: {
      timezone: config.timezone,
      minimumTls: config.probes.minimum_tls,
      maxLineBytes: config.imports.max_line_bytes,
      jira: config.jira_incidents,
    },
    sla: slaPolicyFromConfig(config),
  };
}

export interface ImportOutcome {
  status: "imported" | "unchanged";
  format: string;
  import: ImportRecord;
  /** Rows left out with --skip-invalid: the first ones and how many in all. */
  skipped: CountedProblems;
  /** Log lines the importer could not read, left out whatever --skip-invalid says: the first ones and how many. */
  unreadable: CountedProblems;
  /**
   * Entries read well and left out on purpose, being of another kind than the
   * format's records (ASFF threat and archived findings), with their reason:
   * not problems, so --strict takes them; not counted in the import's `skipped`.
   */
  leftOut: CountedProblems;
}

const SAMPLE_BYTES = 64 * 1024;

/**
 * The dashboard's exceptions register is written only through its reviewed
 * actions, each with an audit entry: a file imported into its feed would
 * become its latest snapshot and silently replace it.
 */
function refuseReservedFeed(feed: string | undefined): void {
  if (feed === DASHBOARD_FEED)
    throw new SecmetricsError(
      "invalid_argument",
      `the feed "${DASHBOARD_FEED}" is the dashboard's exceptions register and takes no imports`,
      "import a register into its own feed (the default `exceptions`, or --feed <team>); change the dashboard's exceptions with `secmetrics exceptions`",
    );
}

/**
 * Imports one file (or one directory, for a directory importer) atomically
 * and idempotently: the same content imported again is recognised by its
 * SHA-256 and changes nothing; any invalid row rejects the whole input
 * (unless skipInvalid) and the store is unchanged. Log lines an importer
 * cannot read are left out and reported, and count as skipped.
 */
export async function importFile(store: Store, request: ImportRequest): Promise<ImportOutcome> {
  refuseReservedFeed(request.feed);
  const { source } = request;
  const importers = request.importers ?? IMPORTERS;
  const { sha256, sample, bytes } =
    "files" in source ? await fingerprintDirectory(source) : await fingerprint(source);
  const importer =
    !request.format || request.format === "auto"
      ? detectImporter(sample, importers)
      : findImporter(request.format, importers);
  const parse = parserFor(importer, source, request, bytes);
  const feed = request.feed ?? importer.feed;
  const settings = importSettings(request.options, request.coversUntil);
  const identity = importIdentity(sha256, importer, settings);
  const unchanged = (existing: ImportRecord): ImportOutcome => {
    checkSameSettings(source.name, existing, settings);
    return {
      status: "unchanged",
      format: importer.id,
      import: existing,
      skipped: NO_PROBLEMS,
      unreadable: NO_PROBLEMS,
      leftOut: NO_PROBLEMS,
    };
  };
  const existing = await store.findImport(identity, importer.id, feed);
  if (existing) return unchanged(existing);

  // Only the first problems are kept, so a file of millions of bad rows costs no more memory than one.
  const problems = new ProblemCollector();
  const unreadable = new ProblemCollector();
  const leftOut = new ProblemCollector();
  const importing = store.importRecords(
    {
      format: importer.id,
      feed,
      file_name: source.name,
      sha256: identity,
      imported_at: request.now,
      options: settings,
    },
    async (writer) => {
      const ctx = {
        ...request.options,
        file: source.name,
        fileTime: "files" in source ? undefined : source.mtime,
        importedAt: request.now,
      };
      const items = new ItemWriter(writer, request.feed);
      let read = 0;
      const take = (item: ParsedItem): void | Promise<void> => {
        if ("skipped" in item) unreadable.add({ line: item.line, reason: item.skipped });
        else if ("leftOut" in item) leftOut.add({ line: item.line, reason: item.leftOut });
        else if ("problem" in item) problems.add({ line: item.line, reason: item.problem });
        else if (problems.total === 0 || request.skipInvalid) {
          read++;
          return items.write(item);
        }
      };
      const takeRun = async ({ kind, keys, lines, rows }: RecordRun): Promise<void> => {
        if (problems.total > 0 && !request.skipInvalid) return;
        read += rows.length;
        for (let i = 0; i < rows.length; i++) {
          const writing = items.writeValues(kind, keys, rows[i] as unknown[], lines[i] as number);
          if (writing) await writing;
        }
      };
      // Most rows are only buffered: await just when the writer has to wait.
      if ("batches" in parse)
        for await (const batch of parse.batches(ctx))
          for (const entry of batch) {
            const writing = "rows" in entry ? takeRun(entry) : take(entry);
            if (writing) await writing;
          }
      else
        for await (const item of parse.items(ctx)) {
          const writing = take(item);
          if (writing) await writing;
        }
      if (problems.total > 0 && !request.skipInvalid)
        throw new InvalidInputError(source.name, problems, hint(importer));
      // Nothing read and lines unreadable is the wrong format (or --log-format): recording it would
      // make the same file "already imported" when it is retried with the right one.
      if (read === 0 && unreadable.total > 0)
        throw new InvalidInputError(
          source.name,
          unreadable,
          `nothing was read as ${importer.id} (the wrong format, or --log-format?); nothing was imported`,
        );
      if (request.strict && unreadable.total > 0)
        throw new InvalidInputError(
          source.name,
          unreadable,
          "--strict refuses a log with unreadable lines; nothing was imported (without --strict they are left out and listed)",
        );
      // Only entries of another kind (a GuardDuty export given as control checks) is most likely the
      // wrong export: say what was left out rather than "no records", and let --allow-empty take it.
      if (read === 0 && leftOut.total > 0 && !request.allowEmpty)
        throw new InvalidInputError(
          source.name,
          leftOut,
          `no records in it as ${importer.id}, only entries it leaves out (above); nothing was imported. If that is all the source reported, import it with --allow-empty`,
        );
      // An empty export may be a broken one; the user says when "nothing happened" is the truth.
      if (read === 0 && !request.allowEmpty)
        throw new SecmetricsError(
          "invalid_input",
          `${source.name}: no records in it as ${importer.id}; nothing was imported`,
          "if the source really reported nothing (an empty export, a log with nothing to count), import it with --allow-empty",
        );
      return { skipped: problems.total + unreadable.total, written: await items.finish(request.sla) };
    },
  );
  const record = await importing.catch(async (error: unknown) => {
    // Another process imported the same content while this one waited for the store: a re-import.
    const meanwhile =
      error instanceof ImportedMeanwhileError && (await store.findImport(identity, importer.id, feed));
    if (!meanwhile) throw error;
    return unchanged(meanwhile);
  });
  if ("status" in record) return record;
  return {
    status: "imported",
    format: importer.id,
    import: record,
    skipped: { first: problems.first, total: problems.total },
    unreadable: { first: unreadable.first, total: unreadable.total },
    leftOut: { first: leftOut.first, total: leftOut.total },
  };
}

/**
 * Records are upserted by the store's writer; scan items go to the scan
 * writer, opened on the import's transaction at the first scan, which
 * applies each scan whole and derives the findings' lifecycle at the end.
 */
class ItemWriter {
  private scans: ScanWriter | undefined;

  constructor(
    private readonly writer: RecordWriter,
    private readonly feed: string | undefined,
  ) {}

  write(
    item: Exclude<ParsedItem, { problem: string } | { skipped: string } | { leftOut: string }>,
  ): void | Promise<void> {
    const { feed } = this;
    if ("record" in item) return this.writer.write(feed ? { ...item.record, feed } : item.record, item.line);
    this.scans ??= new ScanWriter(this.writer.transaction, this.writer.importId);
    if ("scan" in item) return this.scans.scan(feed ? { ...item.scan, feed } : item.scan, item.line);
    if ("finding" in item) return this.scans.finding(item.finding, item.line);
    this.scans.suppressed(item.suppressed);
  }

  /** A record as its values in the order of `keys` (see `RecordWriter.writeValues`). */
  writeValues(kind: string, keys: readonly string[], values: unknown[], line: number): void | Promise<void> {
    const { feed } = this;
    if (feed) values[keys.indexOf("feed")] = feed;
    return this.writer.writeValues(kind, keys, values, line);
  }

  /** Derives the lifecycle of what the scans touched; the rows written besides the records. */
  async finish(sla: SlaPolicy | undefined): Promise<number> {
    if (!this.scans) return 0;
    await this.scans.finish(sla);
    return this.scans.written;
  }
}

type Parser =
  | { items: (ctx: ImportContext) => AsyncIterable<ParsedItem> }
  | { batches: (ctx: ImportContext) => AsyncIterable<readonly BatchEntry[]> };

/**
 * How to parse this source with this importer (in a worker thread, for a
 * large file); a file format given a directory (or back) is refused.
 */
function parserFor(
  importer: AnyImporter,
  source: InputSource | DirectorySource,
  request: ImportRequest,
  bytes: number,
): Parser {
  const { onProgress } = request;
  if (importer.input === "directory" && "files" in source)
    return { items: (ctx) => importer.parse(source, ctx) };
  if (importer.input === "file" && !("files" in source)) {
    const { path } = source;
    // The worker finds the importer in its own registry: a caller's own importer is parsed here.
    const inRegistry = IMPORTERS.includes(importer);
    const inWorker = request.parseIn ? request.parseIn === "worker" : bytes >= WORKER_MIN_BYTES;
    if (path !== undefined && inRegistry && inWorker)
      return { batches: (ctx) => parseInWorker({ path, format: importer.id, ctx }, onProgress) };
    return { items: (ctx) => importer.parse(withProgress(source.open(), onProgress), ctx) };
  }
  const given = "files" in source ? "directory" : "file";
  throw new SecmetricsError(
    "invalid_argument",
    `${source.name}: format ${importer.id} reads a ${importer.input}, not a ${given}`,
  );
}

/**
 * The options that shape what an input's records are, as they are kept on the
 * import: the same file with another target, scan time, year or log format
 * would be other records, and importing them beside the first would count
 * the same findings or events twice; the time it covers says what its
 * silence means.
 */
function importSettings(options: ImportOptions, coversUntil: number | undefined): ImportSettings {
  const settings: Record<string, string> = {};
  if (coversUntil !== undefined) settings.covers_until = new Date(coversUntil).toISOString();
  if (options.target !== undefined) settings.target = options.target;
  if (options.scannedAt !== undefined) settings.scanned_at = new Date(options.scannedAt).toISOString();
  if (options.year !== undefined) settings.year = String(options.year);
  if (options.logFormat !== undefined) settings.log_format = options.logFormat;
  return settings;
}

/** Each option that can complete an input, under its name in the import's settings. */
const SETTING_OF: Readonly<Record<IdentityOption, string>> = { target: "target", scannedAt: "scanned_at" };

/**
 * What recognises an import again: its content's SHA-256; for an input that
 * its options complete (kube-bench's JSON names neither its node nor its
 * time), the SHA-256 of the content's digest and those options, so the same
 * bytes from another node, or from a later run that found nothing changed,
 * are a new import, and the same file with the same options is still a
 * re-import. The other options stay out of it: the same file given another
 * one is refused (`checkSameSettings`), as it would count its records twice.
 */
function importIdentity(sha256: string, importer: AnyImporter, settings: ImportSettings): string {
  const given = importer.identityOptions
    .map((option) => SETTING_OF[option])
    .filter((name) => settings[name] !== undefined)
    .map((name) => `${name}=${settings[name]}`);
  if (given.length === 0) return sha256;
  return createHash("sha256")
    .update([sha256, ...given].join("\n"))
    .digest("hex");
}

/** The same content already imported with other options is refused rather than silently kept as it was. */
function checkSameSettings(name: string, existing: ImportRecord, settings: ImportSettings): void {
  // Imports recorded before options were kept: what they were given is unknown.
  if (existing.options === null) return;
  const before = describeSettings(existing.options);
  const now = describeSettings(settings);
  if (before === now) return;
  throw new SecmetricsError(
    "conflict",
    `${name}: already imported as import #${existing.id} with ${before}; this import gives ${now}`,
    `import #${existing.id} stays as it was (beside it, the same file would count its records twice); if its options were wrong, rebuild the store from your files with the right ones`,
  );
}

function describeSettings(settings: ImportSettings): string {
  const given = Object.keys(settings)
    .sort()
    .map((key) => `--${key.replace(/_/g, "-")} ${settings[key]}`);
  return given.length === 0 ? "no options" : given.join(" ");
}

function hint(importer: AnyImporter): string {
  return `nothing was imported; fix the rows above or rerun with --skip-invalid (format ${importer.id})`;
}

interface Fingerprint {
  sha256: string;
  sample: InputSample;
  /** The size of a file's content (0 for a directory). */
  bytes: number;
}

async function fingerprint(source: InputSource): Promise<Fingerprint> {
  const hash = createHash("sha256");
  const head: Buffer[] = [];
  let headBytes = 0;
  let bytes = 0;
  for await (const chunk of source.open()) {
    const buffer = chunk as Buffer;
    hash.update(buffer);
    bytes += buffer.length;
    if (headBytes < SAMPLE_BYTES) {
      head.push(buffer.subarray(0, SAMPLE_BYTES - headBytes));
      headBytes += Math.min(buffer.length, SAMPLE_BYTES - headBytes);
    }
  }
  const first = Buffer.concat(head);
  // Detection could only say it cannot tell the format of UTF-16 text: name the encoding instead.
  refuseUtf16(first, source.name);
  return {
    sha256: hash.digest("hex"),
    sample: { name: source.name, head: first.toString("utf8"), bytes: first },
    bytes,
  };
}

/**
 * A directory's identity: every file's path and content digest, in path
 * order, so the same folder imported again (wherever it lies) is a no-op.
 */
async function fingerprintDirectory(source: DirectorySource): Promise<Fingerprint> {
  const hash = createHash("sha256");
  for (const file of source.files) {
    const content = createHash("sha256");
    for await (const chunk of file.open()) content.update(chunk as Buffer);
    // A digest per file, so no path/content boundary can be shifted to give the same bytes.
    hash.update(`${file.path}\0${content.digest("hex")}\n`);
  }
  return { sha256: hash.digest("hex"), sample: directorySample(source), bytes: 0 };
}

/** What detection sees of a directory: its name and file list, no content. */
function directorySample(source: DirectorySource): InputSample {
  return { name: source.name, head: "", files: source.files.map((file) => file.path) };
}

/**
 * What `import PATH` imports: a file; a directory that a directory importer
 * reads (named by `format`, or detected from its file list) as one input;
 * else each regular file below the directory as its own input, named by its
 * path within it, in path order.
 */
export function inputsOf(
  path: string,
  format: string | undefined,
  importers: readonly AnyImporter[] = IMPORTERS,
): ((InputSource & { size: number }) | DirectorySource)[] {
  if (!isDirectory(path)) return [fileSource(path)];
  const folder = directorySource(path);
  const sample = directorySample(folder);
  const whole =
    !format || format === "auto"
      ? importers.some((importer) => importer.input === "directory" && importer.detect(sample))
      : findImporter(format, importers).input === "directory";
  if (whole) return [folder];
  if (folder.files.length === 0)
    throw new SecmetricsError("invalid_argument", `${path}: no files to import (dot-files are skipped)`);
  return folder.files.map((file) => fileSource(join(path, file.path), file.path));
}

function withProgress(input: Readable, onProgress: ((bytes: number) => void) | undefined): Readable {
  if (!onProgress) return input;
  let bytes = 0;
  const counter = new PassThrough({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      onProgress(bytes);
      callback(null, chunk);
    },
  });
  input.on("error", (error) => counter.destroy(error));
  return input.pipe(counter);
}
