import type { Readable } from "node:stream";
import Tokenizer from "@streamparser/json/tokenizer.js";
import TokenParser from "@streamparser/json/tokenparser.js";
import TokenType from "@streamparser/json/utils/types/tokenType.js";
import { InvalidInputError } from "../../model/errors.ts";
import { firstInvalidUtf8, lineOfOffset, notUtf8, refuseUtf16, Utf8Stream } from "./encoding.ts";
import {
  DEFAULT_MAX_LINE_BYTES,
  MAX_JSON_DEPTH,
  nestingBeyond,
  nestsDeeperThan,
  TOO_DEEP,
  tooLong,
} from "./input-limits.ts";
import { readLineChunks } from "./log-lines.ts";

export type JsonItem = { line: number; value: unknown } | { line: number; problem: string };

const NEWLINE = 0x0a;
const OPEN_BRACKET = 0x5b;

/**
 * Streams the records of a JSON array or of NDJSON (one JSON value per line),
 * each with the line it starts on. A single pretty-printed object (one event
 * exported on its own) is one record. A truncated or malformed array or
 * object is fatal; a malformed NDJSON line is a row problem, since the next
 * line still parses. A record longer than `maxLineBytes`, or bytes that are
 * not UTF-8, are fatal; a record nested deeper than `MAX_JSON_DEPTH` is a
 * row problem in NDJSON and fatal in an array.
 */
export async function* readJsonRecords(
  input: Readable,
  file: string,
  maxLineBytes = DEFAULT_MAX_LINE_BYTES,
): AsyncIterable<JsonItem> {
  const chunks = input[Symbol.asyncIterator]();
  const first = await firstNonEmptyChunk(chunks);
  if (!first)
    throw new InvalidInputError(file, [{ line: 1, reason: "empty file: expected a JSON array or NDJSON" }]);
  refuseUtf16(first, file);
  // The tokenizer skips a byte-order mark without counting it in its offsets,
  // which would shift every line number; drop it before anyone counts.
  const body = first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf ? first.subarray(3) : first;
  const firstByte = body.find((byte) => byte > 0x20);
  const rest = prepend(body, chunks);
  if (firstByte === OPEN_BRACKET) yield* readArray(rest, file, maxLineBytes);
  else if (isPrettyPrintedObject(body)) yield { line: 1, value: (await readJsonText(rest, file)).document };
  else yield* readNdjson(rest, file, maxLineBytes);
}

/** An object whose first line is not valid JSON on its own cannot be NDJSON. */
function isPrettyPrintedObject(firstChunk: Buffer): boolean {
  const text = firstChunk.toString("utf8").trimStart();
  const newline = text.indexOf("\n");
  if (!text.startsWith("{") || newline < 0) return false;
  try {
    JSON.parse(text.slice(0, newline));
    return false;
  } catch {
    return true;
  }
}

async function* readNdjson(
  chunks: AsyncIterable<Buffer>,
  file: string,
  maxLineBytes: number,
): AsyncIterable<JsonItem> {
  let records = 0;
  for await (const { lines, unreadable } of readLineChunks(chunks, file, maxLineBytes)) {
    // A structured file is read whole or not at all: a line it cannot read refuses it.
    if (unreadable.length > 0)
      throw new InvalidInputError(
        file,
        unreadable.map(({ line, skipped }) => ({ line, reason: skipped })),
      );
    for (const { line, text } of lines) {
      const trimmed = text.trim();
      if (trimmed === "") continue;
      records++;
      yield parseLine(line, trimmed);
    }
  }
  // A file of blank lines is as empty as a zero-byte one.
  if (records === 0)
    throw new InvalidInputError(file, [{ line: 1, reason: "empty file: expected a JSON array or NDJSON" }]);
}

function parseLine(line: number, text: string): JsonItem {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { line, problem: `invalid JSON: ${(error as Error).message}` };
  }
  // Each level takes two brackets: a shorter line cannot nest too deep.
  if (text.length > 2 * MAX_JSON_DEPTH && nestsDeeperThan(value)) return { line, problem: TOO_DEEP };
  return { line, value };
}

async function* readArray(
  chunks: AsyncIterable<Buffer>,
  file: string,
  maxLineBytes: number,
): AsyncIterable<JsonItem> {
  const lines = new LineCounter();
  const utf8 = new Utf8Stream();
  const tokenizer = new Tokenizer();
  const parser = new TokenParser({ paths: ["$.*"], keepStack: false });
  let depth = 0;
  let elementStart = 0;
  let lastOffset = 0;
  const ready: JsonItem[] = [];
  let rootSeen = false;
  tokenizer.onToken = (info) => {
    lastOffset = info.offset;
    if (depth === 1 && info.token !== TokenType.COMMA && info.token !== TokenType.RIGHT_BRACKET) {
      elementStart = info.offset;
    }
    if (info.token === TokenType.LEFT_BRACE || info.token === TokenType.LEFT_BRACKET) {
      // The array itself is a level: its records may nest MAX_JSON_DEPTH below it.
      if (++depth > MAX_JSON_DEPTH + 1) fail(TOO_DEEP, info.offset);
    }
    if (info.token === TokenType.RIGHT_BRACE || info.token === TokenType.RIGHT_BRACKET) depth--;
    // The parser only reports the selected elements, never the root, so the
    // closing bracket is seen here.
    if (depth === 0) rootSeen = true;
    parser.write(info);
  };
  parser.onValue = ({ value }) => {
    ready.push({ line: lines.lineAt(elementStart), value });
  };
  const fail = (reason: string, offset: number): never => {
    throw new InvalidInputError(file, [{ line: lines.lineAt(offset), reason }]);
  };
  // The tokenizer hands errors thrown by its callbacks to onError: pass ours through unwrapped.
  const failOn = (error: Error): never => {
    if (error instanceof InvalidInputError) throw error;
    return fail(`invalid JSON: ${error.message}`, lastOffset);
  };
  tokenizer.onError = failOn;
  parser.onError = failOn;
  for await (const chunk of chunks) {
    const bad = utf8.check(chunk);
    lines.feed(chunk);
    if (bad) fail(notUtf8(bad.byte), lines.bytes - chunk.length + bad.at);
    tokenizer.write(chunk);
    yield* ready.splice(0);
    // The parser holds the record being read (or the token, between records): bound it.
    const recordStart = depth >= 2 ? elementStart : lastOffset;
    if (!rootSeen && lines.bytes - recordStart > maxLineBytes)
      fail(tooLong(maxLineBytes, "record"), recordStart);
  }
  if (utf8.cut) fail("not UTF-8 text (the file ends inside a character)", lines.lastContent);
  if (!rootSeen) fail("unexpected end of file: the JSON array is not closed", lines.lastContent);
  yield* ready.splice(0);
}

/** Maps increasing byte offsets to 1-based line numbers without keeping the file. */
export class LineCounter {
  bytes = 0;
  /** Offset of the last byte that is not white space: where a truncated file ends. */
  lastContent = 0;
  private newlines: number[] = [];
  private linesBefore = 0;

  feed(chunk: Buffer): void {
    for (let index = chunk.indexOf(NEWLINE); index >= 0; index = chunk.indexOf(NEWLINE, index + 1)) {
      this.newlines.push(this.bytes + index);
    }
    for (let index = chunk.length - 1; index >= 0; index--) {
      if ((chunk[index] ?? 0) > 0x20) {
        this.lastContent = this.bytes + index;
        break;
      }
    }
    this.bytes += chunk.length;
  }

  lineAt(offset: number): number {
    let dropped = 0;
    while (dropped < this.newlines.length && (this.newlines[dropped] ?? 0) < offset) dropped++;
    this.linesBefore += dropped;
    this.newlines.splice(0, dropped);
    return this.linesBefore + 1;
  }
}

async function firstNonEmptyChunk(chunks: AsyncIterator<Buffer>): Promise<Buffer | undefined> {
  for (;;) {
    const next = await chunks.next();
    if (next.done) return undefined;
    const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
    if (chunk.length > 0) return chunk;
  }
}

async function* prepend(first: Buffer, rest: AsyncIterator<Buffer>): AsyncIterable<Buffer> {
  yield first;
  for (;;) {
    const next = await rest.next();
    if (next.done) return;
    yield Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
  }
}

/**
 * The first record of a JSON array or NDJSON sample, or the members of a
 * pretty-printed object, for format detection;
 * undefined when the sample holds none (the head may cut a record short).
 */
export function firstJsonRecord(head: string): unknown {
  const text = head.replace(/^\uFEFF/, "").trimStart();
  if (text.startsWith("[")) {
    let found: unknown;
    const tokenizer = new Tokenizer();
    const parser = new TokenParser({ paths: ["$.0"] });
    tokenizer.onToken = (token) => parser.write(token);
    parser.onValue = ({ value }) => {
      found ??= value;
    };
    tokenizer.onError = () => {};
    parser.onError = () => {};
    try {
      tokenizer.write(text);
    } catch {
      // a sample that ends mid-value is expected
    }
    return found;
  }
  const firstLine = text.split("\n", 1)[0] ?? "";
  try {
    return JSON.parse(firstLine);
  } catch {
    return text.startsWith("{") ? objectMembers(text) : undefined;
  }
}

/**
 * The top-level members of a pretty-printed object (one event per file, as
 * the OCSF project publishes them) that the sample holds whole: a sample
 * cut inside a long member still shows the members before it.
 */
function objectMembers(text: string): Record<string, unknown> | undefined {
  const members: Record<string, unknown> = {};
  const tokenizer = new Tokenizer();
  const parser = new TokenParser({ paths: ["$.*"], keepStack: false });
  tokenizer.onToken = (token) => parser.write(token);
  parser.onValue = ({ value, key }) => {
    if (typeof key === "string") members[key] = value;
  };
  tokenizer.onError = () => {};
  parser.onError = () => {};
  try {
    tokenizer.write(text);
  } catch {
    // a sample that ends mid-value is expected
  }
  return Object.keys(members).length > 0 ? members : undefined;
}

/** A whole document is held in memory: past this it is no report anyone reviews. */
const MAX_DOCUMENT_BYTES = 512 * 1024 * 1024;

/**
 * Reads a whole input, for formats whose files are small in practice; UTF-8
 * only (a byte that is not is fatal, with its line).
 */
export async function readText(
  input: AsyncIterable<Buffer | string> | string,
  file: string,
): Promise<string> {
  if (typeof input === "string") return input;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of input) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    if (size === 0 && buffer.length > 0) refuseUtf16(buffer, file);
    size += buffer.length;
    if (size > MAX_DOCUMENT_BYTES)
      throw new InvalidInputError(file, [{ line: 1, reason: "JSON document larger than 512 MB" }]);
    chunks.push(buffer);
  }
  const bytes = Buffer.concat(chunks);
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0) {
    throw new InvalidInputError(file, [{ line: lineOfOffset(bytes, bad), reason: notUtf8(bytes[bad] ?? 0) }]);
  }
  return bytes.toString("utf8");
}

/** One whole JSON document, parsed, and its text; nested deeper than `MAX_JSON_DEPTH`, it is refused. */
export async function readJsonText(
  input: AsyncIterable<Buffer | string> | string,
  file: string,
): Promise<{ document: unknown; text: string }> {
  const text = (await readText(input, file)).replace(/^\uFEFF/, "");
  if (text.trim() === "") throw new InvalidInputError(file, [{ line: 1, reason: "empty file" }]);
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    // Without a position the text ended early: point at its last line.
    const line = lineAt(text, position === undefined ? text.trimEnd().length : Number(position));
    throw new InvalidInputError(file, [{ line, reason: `invalid JSON: ${withoutExcerpt(error as Error)}` }]);
  }
  if (nestsDeeperThan(document))
    throw new InvalidInputError(file, [{ line: lineAt(text, nestingBeyond(text)), reason: TOO_DEEP }]);
  return { document, text };
}

/**
 * V8's message without the text it quotes around the error (`..."abc" is
 * not valid JSON`): an error names the line, never the input, which may
 * hold a secret.
 */
function withoutExcerpt(error: Error): string {
  return error.message.replace(/, (?:\.\.\.)?".*" is not valid JSON$/s, "");
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i >= 0 && i < offset; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

export async function readJsonDocument(input: Readable | string, file: string): Promise<unknown> {
  return (await readJsonText(input, file)).document;
}
