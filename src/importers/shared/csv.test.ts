import { Readable } from "node:stream";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { mulberry32 } from "../../../scripts/seeded-random.ts";
import { InvalidInputError } from "../../model/errors.ts";
import { type CsvRow, readCsv, readCsvBatches } from "./csv.ts";
import { DEFAULT_MAX_LINE_BYTES } from "./input-limits.ts";

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

  it("reads another separator (Prowler's semicolons), commas then being plain text", async () => {
    const text = 'A;B\n1,5;"x; ""y"""\n2;"two\nlines"\n';
    const expected = [
      { line: 2, values: { a: "1,5", b: 'x; "y"' } },
      { line: 3, values: { a: "2", b: "two\nlines" } },
    ];
    for (const size of [1, 3, 1 << 16]) {
      const rows: CsvRow[] = [];
      const batches = readCsvBatches(chunked(text, [size]), "t.csv", ["a"], DEFAULT_MAX_LINE_BYTES, ";");
      for await (const batch of batches) rows.push(...batch);
      expect(rows).toEqual(expected);
    }
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

describe("readCsv limits and encoding", () => {
  const KIB = 1024;
  /** A CSV whose line 3 is `length` characters long (its field padded with x). */
  const withLine3 = (length: number) => `id,note\n1,a\n2,${"x".repeat(length - 2)}\n3,c\n`;
  const readBytes = async (bytes: Buffer, sizes: readonly number[] = [1 << 16]) => {
    const chunks: Buffer[] = [];
    for (let at = 0, n = 0; at < bytes.length; n++) {
      const size = sizes[n % sizes.length] as number;
      chunks.push(bytes.subarray(at, at + size));
      at += size;
    }
    const rows: CsvRow[] = [];
    for await (const row of readCsv(Readable.from(chunks), "t.csv", [], KIB)) rows.push(row);
    return rows;
  };
  const failure = async (bytes: Buffer, sizes?: readonly number[]) => {
    const error = await readBytes(bytes, sizes).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    return (error as InvalidInputError).problems;
  };

  it("reads a line of exactly the cap and refuses one a byte over, naming its line, in any chunking", async () => {
    for (const sizes of [[1 << 16], [7], [100, 1]]) {
      expect(await readBytes(Buffer.from(withLine3(KIB)), sizes)).toHaveLength(3);
      expect(await failure(Buffer.from(withLine3(KIB + 1)), sizes)).toEqual([
        { line: 3, reason: "line is longer than 1 KiB (imports.max_line_bytes)" },
      ]);
    }
  });

  it("bounds a quoted record spanning lines, and a file without a newline at line 1", async () => {
    const spanning = `id,note\n1,"${"a\n".repeat(KIB)}"\n`;
    expect(await failure(Buffer.from(spanning), [300])).toEqual([
      { line: 2, reason: "record is longer than 1 KiB (imports.max_line_bytes)" },
    ]);
    expect(await failure(Buffer.alloc(5 * KIB), [300])).toEqual([
      { line: 1, reason: "line is longer than 1 KiB (imports.max_line_bytes)" },
    ]);
  });

  it("names the line of a byte that is not UTF-8 instead of replacing it", async () => {
    // Line 5 holds Latin-1 "café" (line 3's quoted field spans two lines): its é is the byte E9.
    const latin1 = Buffer.concat([
      Buffer.from('id,note\n1,a\n2,"two\nlines"\n3,caf'),
      Buffer.from([0xe9]),
      Buffer.from("\n"),
    ]);
    for (const sizes of [[1 << 16], [5], [1]])
      expect(await failure(latin1, sizes)).toEqual([{ line: 5, reason: "not UTF-8 text (byte 0xE9)" }]);
  });

  it("refuses UTF-16 by name", async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("id,note\n1,a\n", "utf16le")]);
    await expect(readBytes(utf16)).rejects.toThrow(
      "t.csv: UTF-16 text; secmetrics reads UTF-8 (convert it with iconv -f UTF-16 -t UTF-8)",
    );
  });
});
