import type { Readable } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import { InvalidInputError } from "../../model/errors.ts";

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
): AsyncIterable<CsvRow> {
  for await (const rows of readCsvBatches(input, file, required)) yield* rows;
}

/**
 * readCsv one input chunk at a time (a few hundred rows): a consumer that
 * loops over each batch saves an async-generator step per row.
 */
export async function* readCsvBatches(
  input: Readable,
  file: string,
  required: readonly string[],
): AsyncIterable<CsvRow[]> {
  let columns: string[] | undefined;
  let rows: CsvRow[] = [];
  const splitter = new CsvSplitter(file, (fields, line) => {
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
  });
  const decoder = new StringDecoder("utf8");
  for await (const chunk of input) {
    splitter.push(typeof chunk === "string" ? chunk : decoder.write(chunk as Buffer));
    if (rows.length > 0) {
      const ready = rows;
      rows = [];
      yield ready;
    }
  }
  splitter.push(decoder.end());
  splitter.end();
  if (rows.length > 0) yield rows;
  if (!columns) throw new InvalidInputError(file, [{ line: 1, reason: "empty file: expected a header row" }]);
}

const COMMA = 44;
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
  private pending = "";

  constructor(
    private readonly file: string,
    private readonly emit: (fields: string[], line: number) => void,
  ) {}

  push(chunk: string): void {
    let text = chunk;
    if (!this.started) {
      if (text === "") return;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      this.started = true;
    }
    if (this.crOnly === undefined) {
      text = this.pending + text;
      const cr = text.indexOf("\r");
      const lf = text.indexOf("\n");
      if (lf >= 0 && (cr < 0 || cr >= lf - 1)) this.crOnly = false;
      else if (cr >= 0 && cr < text.length - 1) this.crOnly = true;
      else {
        this.pending = text;
        return;
      }
      this.pending = "";
    }
    if (this.crOnly) text = this.crToLf(text);
    this.consume(text);
  }

  end(): void {
    if (this.crOnly === undefined) {
      this.crOnly = false;
      this.consume(this.pending);
      this.pending = "";
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
          if (end > pos) {
            const fields = text.slice(pos, end).split(",");
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
      this.quotedRecord = false;
    }
    for (; i < length; i++) {
      const c = text.charCodeAt(i);
      switch (state) {
        case State.FieldStart:
          if (c === COMMA) this.fields.push("");
          else if (c === LF) {
            this.fields.push("");
            this.endRecord();
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
          if (c === COMMA) {
            this.fields.push((field + text.slice(segment, i)).trim());
            state = State.FieldStart;
          } else if (c === LF) {
            this.fields.push((field + text.slice(segment, i)).trim());
            this.endRecord();
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
          } else if (c === COMMA) {
            this.fields.push(unCrlf(field));
            state = State.FieldStart;
          } else if (c === LF) {
            this.fields.push(unCrlf(field));
            this.endRecord();
            return i + 1;
          } else if (c === SPACE || c === TAB || c === CR) state = State.AfterQuote;
          else throw this.error(this.line, `text after the closing quote of field ${this.fields.length + 1}`);
          break;
        case State.AfterQuote:
          if (c === COMMA) {
            this.fields.push(unCrlf(field));
            state = State.FieldStart;
          } else if (c === LF) {
            this.fields.push(unCrlf(field));
            this.endRecord();
            return i + 1;
          } else if (c !== SPACE && c !== TAB && c !== CR)
            throw this.error(this.line, `text after the closing quote of field ${this.fields.length + 1}`);
          break;
      }
    }
    // The text ends inside a record: keep what the field has so far.
    if (state === State.Unquoted || state === State.Quoted) field += text.slice(segment, i);
    this.state = state;
    this.field = field;
    return i;
  }

  private endRecord(): void {
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
