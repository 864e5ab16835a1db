import type { Readable } from "node:stream";
import type { ScanImport, ScanItem } from "../../domains/vulnerabilities/records.ts";
import type { StorableRecord } from "../../model/records.ts";
import type { DirectoryReader, FileReader } from "../define-importer.ts";
import type {
  DirectorySource,
  ImportContext,
  InputSample,
  NearMatch,
  ParsedItem,
  RecordItem,
} from "../importer.ts";
import { type CsvRow, readCsvBatches } from "./csv.ts";
import { FieldReader, isObject, type Json } from "./fields.ts";
import { firstJsonRecord, readJsonRecords, readJsonText } from "./json.ts";
import { type LineChunk, readLineChunks } from "./log-lines.ts";
import { scanItems } from "./scan-input.ts";
import { readWorkbook, type Workbook } from "./xlsx.ts";
import { readYamlList } from "./yaml.ts";

/**
 * The shapes an input comes in, as readers for `defineImporter`: each takes
 * the importer's own parsing and gives it the input already in that shape.
 */

type Parse<Input, Item> = (input: Input, ctx: ImportContext) => AsyncIterable<Item>;

/** A stream the importer reads itself (Trivy streams its own JSON). */
export function stream<Item extends ParsedItem>(parse: Parse<Readable, Item>): FileReader<Item> {
  return { input: "file", parse };
}

/**
 * A line log, one input chunk at a time: a generator step per chunk, not per
 * line. Each chunk holds its lines and those the reader could not read (over
 * `imports.max_line_bytes`, not UTF-8), which the parser yields as they are:
 * skipped lines, like the ones it cannot read itself.
 */
export function lineLog<Item extends ParsedItem>(
  parse: Parse<AsyncIterable<LineChunk>, Item>,
): FileReader<Item> {
  return {
    input: "file",
    parse: (input, ctx) => parse(readLineChunks(input, ctx.file, ctx.maxLineBytes), ctx),
  };
}

/** A record of a JSON array or NDJSON, or the row problem that it is not a JSON object. */
export type JsonRecord = { line: number; value: Json } | { line: number; problem: string };

/** JSON array or NDJSON, record by record. */
export function jsonRecords<Item extends ParsedItem>(
  parse: Parse<AsyncIterable<JsonRecord>, Item>,
): FileReader<Item> {
  return { input: "file", parse: (input, ctx) => parse(objectRecords(input, ctx), ctx) };
}

async function* objectRecords(input: Readable, ctx: ImportContext): AsyncIterable<JsonRecord> {
  for await (const item of readJsonRecords(input, ctx.file, ctx.maxLineBytes)) {
    if ("problem" in item) yield item;
    else if (!isObject(item.value)) yield { line: item.line, problem: "expected a JSON object" };
    else yield { line: item.line, value: item.value };
  }
}

/** One whole JSON document, parsed, with its text (for line numbers). */
export function jsonDocument<Item extends ParsedItem>(
  parse: (document: unknown, ctx: ImportContext, text: string) => Iterable<Item>,
): FileReader<Item> {
  return {
    input: "file",
    async *parse(input, ctx) {
      const { document, text } = await readJsonText(input, ctx.file);
      yield* parse(document, ctx, text);
    },
  };
}

/** A scanner report read whole into scans; each is yielded as a scan, then its findings. */
export function scanReport(
  parse: (input: Readable, ctx: ImportContext) => Promise<ScanImport[]>,
): FileReader<ScanItem> {
  return {
    input: "file",
    async *parse(input, ctx) {
      for (const scan of await parse(input, ctx)) yield* scanItems(scan);
    },
  };
}

/**
 * CSV with a header row (keys lower-cased), a batch of rows at a time; a
 * missing required column is fatal. `separator` is the field separator
 * (Prowler writes semicolons).
 */
export function csvRows<Item extends ParsedItem>(
  required: readonly string[],
  parse: Parse<AsyncIterable<CsvRow[]>, Item>,
  separator = ",",
): FileReader<Item> {
  return {
    input: "file",
    parse: (input, ctx) => parse(readCsvBatches(input, ctx.file, required, ctx.maxLineBytes, separator), ctx),
    near: (sample) => {
      const columns = csvHeader(sample.head, separator);
      const missing = required.filter((name) => !columns.includes(name));
      const known = required.length - missing.length;
      return missing.length > 0 ? { known, missing, of: "columns" } : undefined;
    },
  };
}

/** A directory read as one input. */
export function directory<Item extends ParsedItem>(
  parse: Parse<DirectorySource, Item>,
): DirectoryReader<Item> {
  return { input: "directory", parse };
}

/**
 * secmetrics' own record formats: one record per row, the same field names
 * in CSV and in JSON (array or NDJSON), so one table serves both readers.
 */
export interface Table<R extends StorableRecord> {
  required: readonly string[];
  /** Every documented column, required or not: how near an unrecognised header comes to this table. */
  fields: ReadonlySet<string>;
  /** Whether a header (or a first record's keys) is unmistakably this table, required columns aside. */
  recognizes: (columns: readonly string[]) => boolean;
  /** One row to a record; problems are reported on the reader, the whole row at once. */
  map: (fields: FieldReader, ctx: ImportContext) => R;
}

/** A table as CSV; detected by its header. */
export function csvTable<R extends StorableRecord>(table: Table<R>): FileReader<RecordItem<R>> {
  const reader = csvRows(table.required, async function* (batches, ctx) {
    for await (const rows of batches) for (const row of rows) yield mapRow(table, row.line, row.values, ctx);
  });
  const columns = (sample: InputSample) => csvHeader(sample.head);
  return {
    ...reader,
    detect: (sample) => matches(table, columns(sample)),
    near: (sample) => nearTable(table, columns(sample), "columns"),
  };
}

/** A table as a JSON array or NDJSON; detected by its first record's keys. */
export function jsonTable<R extends StorableRecord>(table: Table<R>): FileReader<RecordItem<R>> {
  const reader = jsonRecords(async function* (records, ctx) {
    for await (const item of records)
      yield "problem" in item ? item : mapRow(table, item.line, item.value, ctx);
  });
  const keys = (sample: InputSample) => {
    const record = firstJsonRecord(sample.head);
    return isObject(record) ? Object.keys(record) : [];
  };
  return {
    ...reader,
    detect: (sample) => matches(table, keys(sample)),
    near: (sample) => nearTable(table, keys(sample), "fields"),
  };
}

/**
 * A table as the YAML list `list`, one mapping per record, as in a
 * hand-kept register; the top-level values named in `inherit` (a register's
 * `snapshot_at`) apply to every record that does not give its own.
 * Detected by the importer, as YAML has no header to read.
 */
export function yamlTable<R extends StorableRecord>(
  table: Table<R>,
  list: string,
  inherit: readonly string[] = [],
): FileReader<RecordItem<R>> {
  return {
    input: "file",
    async *parse(input, ctx) {
      const { root, items } = await readYamlList(input, ctx.file, list);
      const inherited = Object.fromEntries(
        inherit.filter((key) => key in root).map((key) => [key, root[key]]),
      );
      for (const item of items)
        yield "problem" in item ? item : mapRow(table, item.line, { ...inherited, ...item.value }, ctx);
    },
  };
}

/**
 * A table read from an .xlsx workbook: `rows` finds the records' values in
 * the workbook, each with its sheet row as the line. Detected by the
 * importer, from the workbook's sheet names.
 */
export function workbookTable<R extends StorableRecord>(
  table: Table<R>,
  rows: (workbook: Workbook, file: string) => Iterable<{ line: number; values: Json }>,
): FileReader<RecordItem<R>> {
  return {
    input: "file",
    async *parse(input, ctx) {
      const chunks: Buffer[] = [];
      for await (const chunk of input) chunks.push(chunk as Buffer);
      const workbook = readWorkbook(Buffer.concat(chunks), ctx.file);
      for (const row of rows(workbook, ctx.file)) yield mapRow(table, row.line, row.values, ctx);
    },
  };
}

function matches(table: Table<StorableRecord>, columns: readonly string[]): boolean {
  return table.required.every((name) => columns.includes(name)) && table.recognizes(columns);
}

/** A header that lacks a required column: near by how many of its columns the table documents. */
function nearTable(
  table: Table<StorableRecord>,
  columns: readonly string[],
  of: string,
): NearMatch | undefined {
  const missing = table.required.filter((name) => !columns.includes(name));
  if (missing.length === 0) return undefined;
  return { known: columns.filter((name) => table.fields.has(name)).length, missing, of };
}

function mapRow<R extends StorableRecord>(
  table: Table<R>,
  line: number,
  values: Json,
  ctx: ImportContext,
): RecordItem<R> {
  const fields = new FieldReader(values, ctx.timezone);
  const record = table.map(fields, ctx);
  return fields.problems.length > 0 ? { line, problem: fields.problems.join("; ") } : { line, record };
}

/** The lower-cased column names of a CSV sample's header; none when the sample is JSON. */
export function csvHeader(head: string, separator = ","): string[] {
  const firstLine = head.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0] ?? "";
  if (firstLine.trimStart().startsWith("{") || firstLine.trimStart().startsWith("[")) return [];
  return firstLine.split(separator).map((name) => name.trim().replace(/^"|"$/g, "").toLowerCase());
}
