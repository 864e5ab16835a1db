import {
  type CountedProblems,
  type ErrorCode,
  InvalidInputError,
  SecmetricsError,
} from "../../model/errors.ts";
import type { StorableRecord } from "../../model/records.ts";
import { sameKeys, toColumnValue } from "../../store/column-value.ts";
import type { ImportContext, ParsedItem } from "../importer.ts";

/**
 * What a parse worker is given and what it answers. Errors cross the thread
 * boundary as plain data (a structured clone keeps no class), and are built
 * again on the other side so an import fails exactly as it does in-thread.
 */

/** One file to parse, as the worker's `workerData`. */
export interface ParseJob {
  path: string;
  /** The importer's id, looked up in the worker's own registry. */
  format: string;
  ctx: ImportContext;
  /** Batches the worker may send before the reader takes the first: the bounded queue between them. */
  queueBatches: number;
}

/** Consecutive records of one kind and keys (`kind` left out), as rows of column values in key order. */
export interface RecordRun {
  kind: string;
  keys: string[];
  lines: number[];
  rows: unknown[][];
}

type OtherItem = Exclude<ParsedItem, { record: StorableRecord }>;

/** What a batch holds: record runs, and every other item as it is. */
export type BatchEntry = RecordRun | OtherItem;

/**
 * A record run as it crosses the thread boundary: its strings end to end in
 * one string, its numbers in one typed array. The receiving thread is the
 * one that writes: a million alerts cloned as objects cost it 1.6 s, as
 * arrays of values 1.3 s, packed well under 0.2 s (bench/RESULTS.md).
 */
export interface PackedRun {
  kind: string;
  keys: string[];
  lines: Float64Array;
  /** Per value, row by row: what it is (`Packed`). */
  types: Uint8Array;
  text: string;
  /** Where each string value ends in `text`. */
  ends: Uint32Array;
  numbers: Float64Array;
  /** Values of any other type (rare), cloned as they are. */
  others: unknown[];
}

const enum Packed {
  Null,
  Text,
  Number,
  Other,
}

/** Worker → reader. */
export type ParseMessage =
  | { entries: (PackedRun | OtherItem)[]; bytesRead: number }
  | { done: true; bytesRead: number }
  | { error: SerializedError };

/** Reader → worker: one batch taken, one more may come. */
export const TAKEN = "taken";

/** Items in file order, records gathered into packed runs. */
export function encodeBatch(items: readonly ParsedItem[]): (PackedRun | OtherItem)[] {
  return gatherRuns(items).map((entry) => ("rows" in entry ? packRun(entry) : entry));
}

/** A batch as the writer takes it. */
export function decodeBatch(entries: readonly (PackedRun | OtherItem)[]): BatchEntry[] {
  return entries.map((entry) => ("types" in entry ? unpackRun(entry) : entry));
}

function gatherRuns(items: readonly ParsedItem[]): BatchEntry[] {
  const entries: BatchEntry[] = [];
  let run: RecordRun | undefined;
  for (const item of items) {
    if (!("record" in item)) {
      entries.push(item);
      run = undefined;
      continue;
    }
    const { kind, ...rest } = item.record;
    const keys = Object.keys(rest);
    if (!run || run.kind !== kind || !sameKeys(run.keys, keys)) {
      run = { kind, keys, lines: [], rows: [] };
      entries.push(run);
    }
    const row: unknown[] = new Array(keys.length);
    for (let i = 0; i < keys.length; i++) row[i] = toColumnValue(rest[keys[i] as keyof typeof rest]);
    run.lines.push(item.line);
    run.rows.push(row);
  }
  return entries;
}

function packRun({ kind, keys, lines, rows }: RecordRun): PackedRun {
  const types = new Uint8Array(rows.length * keys.length);
  const texts: string[] = [];
  const ends: number[] = [];
  const numbers: number[] = [];
  const others: unknown[] = [];
  let end = 0;
  let k = 0;
  for (const row of rows)
    for (const value of row) {
      if (typeof value === "string") {
        types[k++] = Packed.Text;
        texts.push(value);
        end += value.length;
        ends.push(end);
      } else if (typeof value === "number") {
        types[k++] = Packed.Number;
        numbers.push(value);
      } else if (value === null) types[k++] = Packed.Null;
      else {
        types[k++] = Packed.Other;
        others.push(value);
      }
    }
  return {
    kind,
    keys,
    lines: Float64Array.from(lines),
    types,
    text: texts.join(""),
    ends: Uint32Array.from(ends),
    numbers: Float64Array.from(numbers),
    others,
  };
}

function unpackRun({ kind, keys, lines, types, text, ends, numbers, others }: PackedRun): RecordRun {
  const width = keys.length;
  const rows: unknown[][] = new Array(lines.length);
  let k = 0;
  let start = 0;
  let s = 0;
  let n = 0;
  let o = 0;
  for (let r = 0; r < rows.length; r++) {
    const row: unknown[] = new Array(width);
    for (let c = 0; c < width; c++) {
      switch (types[k++]) {
        case Packed.Text: {
          const end = ends[s++] as number;
          row[c] = text.slice(start, end);
          start = end;
          break;
        }
        case Packed.Number:
          row[c] = numbers[n++];
          break;
        case Packed.Other:
          row[c] = others[o++];
          break;
        default:
          row[c] = null;
      }
    }
    rows[r] = row;
  }
  return { kind, keys, lines: Array.from(lines), rows };
}

export type SerializedError =
  | { type: "invalid_input"; file: string; problems: CountedProblems; hint: string | undefined }
  | { type: "secmetrics"; code: ErrorCode; message: string; hint: string | undefined }
  | { type: "error"; message: string; stack: string | undefined };

export function serializeError(error: unknown): SerializedError {
  if (error instanceof InvalidInputError) {
    const problems = { first: [...error.problems], total: error.problemCount };
    return { type: "invalid_input", file: error.file, problems, hint: error.hint };
  }
  if (error instanceof SecmetricsError)
    return { type: "secmetrics", code: error.code, message: error.message, hint: error.hint };
  if (error instanceof Error) return { type: "error", message: error.message, stack: error.stack };
  return { type: "error", message: String(error), stack: undefined };
}

export function reviveError(error: SerializedError): Error {
  switch (error.type) {
    case "invalid_input":
      return new InvalidInputError(error.file, error.problems, error.hint);
    case "secmetrics":
      return new SecmetricsError(error.code, error.message, error.hint);
    default: {
      const revived = new Error(error.message);
      if (error.stack) revived.stack = error.stack;
      return revived;
    }
  }
}
