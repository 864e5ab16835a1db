import type { Readable } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import { InvalidInputError } from "../../model/errors.ts";
import { lineOfOffset, notUtf8, refuseUtf16, Utf8Stream } from "./encoding.ts";
import { DEFAULT_MAX_LINE_BYTES, tooLong } from "./input-limits.ts";

export interface CsvRow {
  line: number;
  values: Record<string, string>;
}

/**
 * Streams a CSV file with a header row as objects keyed by the lower-cased
 * header. `line` is the line the record starts on (1 = header).
 *
 * RFC 4180 with the leniencies of real exports: LF, CRLF or (old Mac) CR line
 * ends, a UTF-8 byte-order mark, white space around fields ignored (kept
 * inside quotes), blank lines skipped, rows shorter than the header allowed.
 * A CRLF inside a quoted field becomes LF. A quote inside an unquoted field,
 * text after a closing quote, a row longer than the header and a quote never
 * closed are errors reported as `file:line: reason`, with the line they are on.
 *
 * Hand-written rather than csv-parse: a line without a quote character is
 * split with `indexOf`/`split`, which is 8–10× faster (bench/RESULTS.md).
 */
export async function* readCsv(
  input: Readable,
  file: string,
  required: readonly string[],
  maxRecordBytes = DEFAULT_MAX_LINE_BYTES,
): AsyncIterable<CsvRow> {
  for await (const rows of readCsvBatches(input, file, required, maxRecordBytes)) yield* rows;
}

/**
 * readCsv one input chunk at a time (a few hundred rows): a consumer that
 * loops over each batch saves an async-generator step per row. A record
 * longer than `maxRecordBytes` (counted in characters, the same for ASCII)
 * and bytes that are not UTF-8 are fatal, with their line.
 */
export async function* readCsvBatches(
  input: Readable,
  file: string,
  required: readonly string[],
  maxRecordBytes = DEFAULT_MAX_LINE_BYTES,
  separator = ",",
): AsyncIterable<CsvRow[]> {
  let columns: string[] | undefined;
  let rows: CsvRow[] = [];
  const splitter = new CsvSplitter(
    file,
    maxRecordBytes,
    (fields, line) => {
      if (!columns) {
        columns = fields.map((name) => name.trim().toLowerCase());
        const present = columns;
        const missing = required.filter((name) => !present.includes(name));
        if (missing.length > 0) {
          throw new InvalidInputError(file, [
            { line: 1, reason: `missing required column ${missing.join(", ")}` },
          ]);
        }
        return;
      }
      if (fields.length > columns.length) {
        throw new InvalidInputError(file, [
          { line, reason: `${fields.length} fields, but the header has ${columns.length} columns` },
        ]);
      }
      const values: Record<string, string> = {};
      for (let i = 0; i < fields.length; i++) values[columns[i] as string] = fields[i] as string;
      rows.push({ line, values });
    },
    separator,
  );
  const decoder = new StringDecoder("utf8");
  const utf8 = new Utf8Stream();
  for await (const chunk of input) {
    if (typeof chunk === "string") splitter.push(chunk);
    else {
      const bytes = chunk as Buffer;
      if (splitter.atStart && bytes.length > 0) refuseUtf16(bytes, file);
      const bad = utf8.check(bytes);
      if (bad) throw notUtf8Error(file, splitter, bytes, bad);
      splitter.push(decoder.write(bytes));
    }
    if (rows.length > 0) {
      const ready = rows;
      rows = [];
      yield ready;
    }
  }
  if (utf8.cut)
    throw new InvalidInputError(file, [
      { line: splitter.currentLine, reason: "not UTF-8 text (the file ends inside a character)" },
    ]);
  splitter.push(decoder.end());
  splitter.end();
  if (rows.length > 0) yield rows;
  if (!columns) throw new InvalidInputError(file, [{ line: 1, reason: "empty file: expected a header row" }]);
}

/** Bytes that are not UTF-8: on the line the splitter has reached, plus the chunk's newlines before them. */
function notUtf8Error(
  file: string,
  splitter: CsvSplitter,
  bytes: Buffer,
  bad: { at: number; byte: number },
): InvalidInputError {
  const line = splitter.currentLine + lineOfOffset(bytes, bad.at) - 1;
  return new InvalidInputError(file, [{ line, reason: notUtf8(bad.byte) }]);
}

const QUOTE = 34;
const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;

const enum State {
  /** Before a field: leading white space is skipped. */
  FieldStart,
  Unquoted,
  Quoted,
  /** A quote inside a quoted field: an escaped quote or the closing one. */
  QuoteInQuoted,
  /** After the closing quote: only white space until the separator. */
  AfterQuote,
}

/**
 * The resumable state machine behind readCsv: text goes in chunk by chunk
 * (any split, even inside a field or a CRLF), complete records come out with
 * the line they start on. A whole line without a quote is split at once (the
 * fast path); anything else goes character by character.
 */
export class CsvSplitter {
  /** The line at the current position. */
  private line = 1;
  private recordLine = 1;
  private quoteLine = 1;
  private state = State.FieldStart;
  private fields: string[] = [];
  private field = "";
  private quotedRecord = false;
  /** Undecided until the first line end: LF/CRLF, or CR alone (classic Mac). */
  private crOnly: boolean | undefined;
  private heldCr = false;
  private started = false;
  /** Text before the first line end, while the line ends are undecided; it has no LF and no CR but a last one. */
  private pending: string[] = [];
  private pendingLength = 0;
  /** Characters consumed before the text being consumed, and where the current record starts among them. */
  private consumed = 0;
  private recordStart = 0;

  constructor(
    private readonly file: string,
    private readonly maxRecord: number,
    private readonly emit: (fields: string[], line: number) => void,
    /** The field separator: a comma, or the semicolon of exports such as Prowler's. */
    private readonly separator = ",",
  ) {
    if (separator.length !== 1 || separator === '"' || separator === "\n" || separator === "\r")
      throw new Error("CSV separator must be one character other than a quote or a line end");
    this.separatorCode = separator.charCodeAt(0);
  }

  private readonly separatorCode: number;

  get atStart(): boolean {
    return !this.started;
  }

  /** The line at the current position. */
  get currentLine(): number {
    return this.line;
  }

  push(chunk: string): void {
    let text = chunk;
    if (!this.started) {
      if (text === "") return;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      this.started = true;
    }
    if (this.crOnly === undefined) {
      // Only the new text is searched: what is pending holds no line end but a trailing CR.
      const before = this.pendingLength;
      const pendingCr = before > 0 && (this.pending.at(-1) ?? "").endsWith("\r");
      const lf = text.indexOf("\n");
      const crInText = text.indexOf("\r");
      const cr = pendingCr ? before - 1 : crInText < 0 ? -1 : before + crInText;
      const total = before + text.length;
      if (lf >= 0 && (cr < 0 || cr >= before + lf - 1)) this.crOnly = false;
      else if (cr >= 0 && cr < total - 1) this.crOnly = true;
      else {
        this.pending.push(text);
        this.pendingLength = total;
        if (total > this.maxRecord) throw this.error(1, tooLong(this.maxRecord));
        return;
      }
      text = this.pending.join("") + text;
      this.pending = [];
      this.pendingLength = 0;
    }
    if (this.crOnly) text = this.crToLf(text);
    this.consume(text);
  }

  end(): void {
    if (this.crOnly === undefined) {
      this.crOnly = false;
      this.consume(this.pending.join(""));
      this.pending = [];
    }
    if (this.heldCr) this.consume("\n");
    this.heldCr = false;
    switch (this.state) {
      case State.Quoted:
        throw this.error(this.quoteLine, "quoted field is never closed (a quote is missing)");
      case State.FieldStart:
        if (this.fields.length > 0) this.consume("\n");
        return;
      default:
        this.consume("\n");
    }
  }

  private crToLf(chunk: string): string {
    let text = this.heldCr ? `\r${chunk}` : chunk;
    this.heldCr = text.endsWith("\r");
    if (this.heldCr) text = text.slice(0, -1);
    return text.replace(/\r\n?/g, "\n");
  }

  private consume(text: string): void {
    const length = text.length;
    let pos = 0;
    let nextQuote = -1;
    while (pos < length) {
      if (this.state === State.FieldStart && this.fields.length === 0) {
        // At a record's start: split a whole line at once when it has no quote.
        const lf = text.indexOf("\n", pos);
        if (lf < 0) break;
        if (nextQuote < pos) {
          nextQuote = text.indexOf('"', pos);
          if (nextQuote < 0) nextQuote = length;
        }
        if (nextQuote > lf) {
          const end = lf > pos && text.charCodeAt(lf - 1) === CR ? lf - 1 : lf;
          if (end - pos > this.maxRecord) throw this.error(this.line, tooLong(this.maxRecord));
          if (end > pos) {
            const fields = text.slice(pos, end).split(this.separator);
            for (let i = 0; i < fields.length; i++) fields[i] = (fields[i] as string).trim();
            if (fields.length > 1 || fields[0] !== "") this.emit(fields, this.line);
          }
          this.line++;
          pos = lf + 1;
          continue;
        }
      }
      pos = this.step(text, pos);
    }
    if (pos < length) this.step(text, pos);
    this.consumed += length;
  }

  /**
   * Character by character from `pos` to the end of the current record (or
   * of the text); returns where it stopped.
   */
  private step(text: string, from: number): number {
    const length = text.length;
    let state = this.state;
    let field = this.field;
    let segment = from;
    let i = from;
    if (state === State.FieldStart && this.fields.length === 0) {
      this.recordLine = this.line;
      this.recordStart = this.consumed + from;
      this.quotedRecord = false;
    }
    for (; i < length; i++) {
      const c = text.charCodeAt(i);
      switch (state) {
        case State.FieldStart:
          if (c === this.separatorCode) this.fields.push("");
          else if (c === LF) {
            this.fields.push("");
            this.endRecord(i);
            return i + 1;
          } else if (c === QUOTE) {
            state = State.Quoted;
            this.quotedRecord = true;
            this.quoteLine = this.line;
            field = "";
            segment = i + 1;
          } else if (c !== SPACE && c !== TAB && c !== CR) {
            state = State.Unquoted;
            field = "";
            segment = i;
          }
          break;
        case State.Unquoted:
          if (c === this.separatorCode) {
            this.fields.push((field + text.slice(segment, i)).trim());
            state = State.FieldStart;
          } else if (c === LF) {
            this.fields.push((field + text.slice(segment, i)).trim());
            this.endRecord(i);
            return i + 1;
          } else if (c === QUOTE) {
            throw this.error(this.line, `quote inside an unquoted field (field ${this.fields.length + 1})`);
          }
          break;
        case State.Quoted:
          if (c === QUOTE) {
            field += text.slice(segment, i);
            state = State.QuoteInQuoted;
          } else if (c === LF) this.line++;
          break;
        case State.QuoteInQuoted:
          if (c === QUOTE) {
            field += '"';
            state = State.Quoted;
            segment = i + 1;
          } else if (c === this.separatorCode) {
            this.fields.push(unCrlf(field));
            state = State.FieldStart;
          } else if (c === LF) {
            this.fields.push(unCrlf(field));
            this.endRecord(i);
            return i + 1;
          } else if (c === SPACE || c === TAB || c === CR) state = State.AfterQuote;
          else throw this.error(this.line, `text after the closing quote of field ${this.fields.length + 1}`);
          break;
        case State.AfterQuote:
          if (c === this.separatorCode) {
            this.fields.push(unCrlf(field));
            state = State.FieldStart;
          } else if (c === LF) {
            this.fields.push(unCrlf(field));
            this.endRecord(i);
            return i + 1;
          } else if (c !== SPACE && c !== TAB && c !== CR)
            throw this.error(this.line, `text after the closing quote of field ${this.fields.length + 1}`);
          break;
      }
    }
    // The text ends inside a record: keep what the field has so far, up to the cap.
    this.checkLength(length);
    if (state === State.Unquoted || state === State.Quoted) field += text.slice(segment, i);
    this.state = state;
    this.field = field;
    return i;
  }

  /** A record that has reached `end` of the text being consumed is over the cap. */
  private checkLength(end: number): void {
    if (this.consumed + end - this.recordStart <= this.maxRecord) return;
    const what = this.line === this.recordLine ? "line" : "record";
    throw this.error(this.recordLine, tooLong(this.maxRecord, what));
  }

  /** Ends the record at `end` (its LF) of the text being consumed. */
  private endRecord(end: number): void {
    this.checkLength(end);
    const fields = this.fields;
    this.fields = [];
    this.state = State.FieldStart;
    this.field = "";
    const line = this.recordLine;
    this.line++;
    if (fields.length === 1 && fields[0] === "" && !this.quotedRecord) return;
    this.emit(fields, line);
  }

  private error(line: number, reason: string): InvalidInputError {
    return new InvalidInputError(this.file, [{ line, reason }]);
  }
}

function unCrlf(value: string): string {
  return value.includes("\r\n") ? value.replace(/\r\n/g, "\n") : value;
}
