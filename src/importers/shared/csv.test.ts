import { Readable } from "node:stream";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { mulberry32 } from "../../../scripts/seeded-random.ts";
import { InvalidInputError } from "../../model/errors.ts";
import { type CsvRow, readCsv } from "./csv.ts";

/** Feeds `text` in chunks of the given sizes (cycled), as bytes, so UTF-8 and CRLF split anywhere. */
function chunked(text: string, sizes: readonly number[]): Readable {
  const bytes = Buffer.from(text, "utf8");
  const chunks: Buffer[] = [];
  for (let at = 0, n = 0; at < bytes.length; n++) {
    const size = sizes[n % sizes.length] as number;
    chunks.push(bytes.subarray(at, at + size));
    at += size;
  }
  return Readable.from(chunks);
}

async function read(text: string, sizes: readonly number[] = [1 << 16], required: string[] = []) {
  const rows: CsvRow[] = [];
  for await (const row of readCsv(chunked(text, sizes), "t.csv", required)) rows.push(row);
  return rows;
}

async function problem(text: string, sizes?: readonly number[]) {
  const error = await read(text, sizes).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(InvalidInputError);
  return (error as InvalidInputError).problems;
}

describe("readCsv", () => {
  it("reads quoted commas, escaped quotes, CRLF, multi-line fields, a BOM and blank lines with their lines", async () => {
    const text =
      '\uFEFFId, Name ,Note\r\n1, a ,"x, ""y"""\r\n\r\n2,b,"two\r\nlines"\r\n  \r\n3,"c" ,\r\n4\r\n';
    const expected = [
      { line: 2, values: { id: "1", name: "a", note: 'x, "y"' } },
      { line: 4, values: { id: "2", name: "b", note: "two\nlines" } },
      { line: 7, values: { id: "3", name: "c", note: "" } },
      { line: 8, values: { id: "4" } },
    ];
    expect(await read(text)).toEqual(expected);
    for (const size of [1, 2, 3, 5, 7]) expect(await read(text, [size])).toEqual(expected);
    expect(await read(text.replace(/\r\n/g, "\n"), [4])).toEqual(expected);
    expect(await read(text.replace(/\r\n/g, "\r"), [3])).toEqual(expected);
  });

  it("reads a last line without a line end, UTF-8 split across chunks and a header-only file", async () => {
    expect(await read("a,b\nü,€", [1])).toEqual([{ line: 2, values: { a: "ü", b: "€" } }]);
    expect(await read("a,b\n")).toEqual([]);
    expect(await read("a,b")).toEqual([]);
  });

  it("reports malformed input on the line where it is", async () => {
    expect(await problem('a,b\n1,2\n3,x"y\n')).toEqual([
      { line: 3, reason: "quote inside an unquoted field (field 2)" },
    ]);
    expect(await problem('a,b\n1,"2\n\n"x\n')).toEqual([
      { line: 4, reason: "text after the closing quote of field 2" },
    ]);
    expect(await problem('a,b\n1,2\n3,"never\nclosed\n', [2])).toEqual([
      { line: 3, reason: "quoted field is never closed (a quote is missing)" },
    ]);
    expect(await problem("a,b\n1,2,3\n")).toEqual([
      { line: 2, reason: "3 fields, but the header has 2 columns" },
    ]);
    expect(await problem("")).toEqual([{ line: 1, reason: "empty file: expected a header row" }]);
    expect(await problem("\n\n")).toEqual([{ line: 1, reason: "empty file: expected a header row" }]);
    const missing = await read("a,b\n", undefined, ["a", "c"]).catch((e: InvalidInputError) => e.problems);
    expect(missing).toEqual([{ line: 1, reason: "missing required column c" }]);
  });

  it("agrees with csv-parse on random valid files, in random chunks", async () => {
    const random = mulberry32(42);
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
    for (let round = 0; round < 300; round++) {
      const eol = pick(["\n", "\r\n"]);
      const width = 1 + Math.floor(random() * 4);
      const header = Array.from({ length: width }, (_, i) => `c${i}`);
      const lines = [header.join(",")];
      for (let row = 0; row < 1 + Math.floor(random() * 8); row++) {
        if (random() < 0.1) lines.push("");
        const fields = Array.from({ length: 1 + Math.floor(random() * width) }, () => {
          if (random() < 0.5)
            return Array.from({ length: Math.floor(random() * 4) }, () => pick(["a", "é", " "])).join("");
          const inner = Array.from({ length: Math.floor(random() * 5) }, () =>
            pick(["a", ",", '""', "\n", "\r\n", " "]),
          ).join("");
          return `${pick(["", " "])}"${inner}"${pick(["", " "])}`;
        });
        // A lone empty field is a blank line to one and a record to the other: not compared.
        if (fields.length === 1) fields[0] = "x";
        lines.push(fields.join(","));
      }
      const text = lines.join(eol) + (random() < 0.5 ? eol : "");
      const sizes = Array.from({ length: 3 }, () => 1 + Math.floor(random() * 9));
      expect(await read(text, sizes), JSON.stringify({ text, sizes })).toEqual(reference(text));
    }
  });
});

/** What readCsv returned when it was csv-parse (with CRLF turned into LF first). */
function reference(text: string): CsvRow[] {
  const records = parse(text.replace(/\r\n/g, "\n"), {
    bom: true,
    columns: (header: string[]) => header.map((name) => name.trim().toLowerCase()),
    skip_empty_lines: true,
    trim: true,
    info: true,
    relax_column_count_less: true,
  }) as { record: Record<string, string>; info: { lines: number } }[];
  return records.map(({ record, info }) => ({
    line: info.lines - Object.values(record).reduce((n, v) => n + v.split("\n").length - 1, 0),
    values: record,
  }));
}
