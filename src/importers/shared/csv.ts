import type { Readable } from "node:stream";
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
  const parser = input.pipe(
    parse({
      bom: true,
      columns: (header: string[]) => {
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
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: Record<string, string>;
      info: { lines: number; records: number };
    }>) {
      yield { line: info.lines - countNewlines(record), values: record };
    }
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
