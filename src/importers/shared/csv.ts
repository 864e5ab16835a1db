import { type Readable, Transform } from "node:stream";
import { parse } from "csv-parse";
import { InvalidInputError } from "../../model/errors.ts";

export interface CsvRow {
  line: number;
  values: Record<string, string>;
}

/**
 * Streams a CSV file with a header row as objects keyed by the lower-cased
 * header. `line` is the line the record starts on (1 = header).
 */
export async function* readCsv(
  input: Readable,
  file: string,
  required: readonly string[],
): AsyncIterable<CsvRow> {
  let headerSeen = false;
  const lf = input.pipe(crlfToLf());
  const parser = lf.pipe(
    parse({
      bom: true,
      columns: (header: string[]) => {
        headerSeen = true;
        const columns = header.map((name) => name.trim().toLowerCase());
        const missing = required.filter((name) => !columns.includes(name));
        if (missing.length > 0) {
          throw new InvalidInputError(file, [
            { line: 1, reason: `missing required column ${missing.join(", ")}` },
          ]);
        }
        return columns;
      },
      skip_empty_lines: true,
      trim: true,
      info: true,
      relax_column_count_less: true,
    }),
  );
  input.on("error", (error) => parser.destroy(error));
  lf.on("error", (error) => parser.destroy(error));
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: Record<string, string>;
      info: { lines: number; records: number };
    }>) {
      yield { line: info.lines - countNewlines(record), values: record };
    }
    if (!headerSeen)
      throw new InvalidInputError(file, [{ line: 1, reason: "empty file: expected a header row" }]);
  } catch (error) {
    if (error instanceof InvalidInputError) throw error;
    const csvError = error as { code?: string; lines?: number; message: string };
    if (csvError.code?.startsWith("CSV_")) {
      throw new InvalidInputError(file, [{ line: csvError.lines ?? 0, reason: csvError.message }]);
    }
    throw error;
  }
}

/** csv-parse reports the line a record ends on; quoted fields may span lines. */
function countNewlines(record: Record<string, string>): number {
  let count = 0;
  for (const value of Object.values(record)) {
    if (value.includes("\n")) count += value.split("\n").length - 1;
  }
  return count;
}

/**
 * csv-parse counts a CRLF inside a quoted field as two lines, which shifts the
 * line of every later record; with LF alone its count is exact. Working on
 * latin1 text keeps every byte as is (CR and LF never occur inside a UTF-8
 * sequence).
 */
function crlfToLf(): Transform {
  let heldCr = false;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      let text = chunk.toString("latin1");
      if (heldCr) text = `\r${text}`;
      heldCr = text.endsWith("\r");
      if (heldCr) text = text.slice(0, -1);
      callback(null, Buffer.from(text.replace(/\r\n/g, "\n"), "latin1"));
    },
    flush(callback) {
      callback(null, heldCr ? Buffer.from("\r", "latin1") : null);
    },
  });
}
