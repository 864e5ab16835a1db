import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../../model/errors.ts";
import { type JsonItem, readJsonDocument, readJsonRecords } from "./json.ts";

async function read(text: string, chunkSize = 7): Promise<JsonItem[]> {
  const buffer = Buffer.from(text);
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < buffer.length; offset += chunkSize)
    chunks.push(buffer.subarray(offset, offset + chunkSize));
  const items: JsonItem[] = [];
  for await (const item of readJsonRecords(Readable.from(chunks), "in.json")) items.push(item);
  return items;
}

describe("readJsonRecords", () => {
  it("reads an array element by element with the line each starts on, across chunk boundaries", async () => {
    expect(await read('[\n  {"a": 1},\n  {"a": 2,\n   "b": 3}\n]\n')).toEqual([
      { line: 2, value: { a: 1 } },
      { line: 3, value: { a: 2, b: 3 } },
    ]);
  });

  it("reads NDJSON line by line; a bad line is a row problem, not fatal", async () => {
    const items = await read('{"a":1}\n\n{"a":\n{"a":3}\n');
    expect(items.map((i) => i.line)).toEqual([1, 3, 4]);
    expect(items[1]).toMatchObject({ line: 3, problem: expect.stringContaining("invalid JSON") });
  });

  it("reads a single pretty-printed object as one record", async () => {
    expect(await read('{\n  "class_uid": 2004,\n  "x": [1,\n 2]\n}\n')).toEqual([
      { line: 1, value: { class_uid: 2004, x: [1, 2] } },
    ]);
  });

  it("rejects a truncated pretty-printed object at its last line", async () => {
    await expect(read('{\n  "a": 1,\n  "b":\n')).rejects.toThrow(
      new InvalidInputError("in.json", [{ line: 3, reason: "invalid JSON: Unexpected end of JSON input" }]),
    );
  });
});

describe("readJsonRecords limits and encoding", () => {
  const KIB = 1024;
  async function readCapped(content: string | Buffer, chunkSize = 100): Promise<JsonItem[]> {
    const buffer = Buffer.isBuffer(content) ? content : Buffer.from(content);
    const chunks: Buffer[] = [];
    for (let offset = 0; offset < buffer.length; offset += chunkSize)
      chunks.push(buffer.subarray(offset, offset + chunkSize));
    const items: JsonItem[] = [];
    for await (const item of readJsonRecords(Readable.from(chunks), "in.json", KIB)) items.push(item);
    return items;
  }
  /** An NDJSON record of exactly `length` bytes: `{"a":"xx…"}`. */
  const record = (length: number) => `{"a":"${"x".repeat(length - 8)}"}`;
  const deep = (levels: number) => `{"a":${"[".repeat(levels - 1)}${"]".repeat(levels - 1)}}`;

  it("reads an NDJSON line of exactly the cap and refuses one a byte over, naming its line", async () => {
    expect(record(KIB)).toHaveLength(KIB);
    expect(await readCapped(`{"a":1}\n${record(KIB)}\n`)).toHaveLength(2);
    await expect(readCapped(`{"a":1}\n${record(KIB + 1)}\n{"a":3}\n`)).rejects.toThrow(
      new InvalidInputError("in.json", [
        { line: 2, reason: "line is longer than 1 KiB (imports.max_line_bytes)" },
      ]),
    );
  });

  it("refuses a file without a newline at line 1, and an array record over the cap at its line", async () => {
    await expect(readCapped(Buffer.alloc(10 * KIB))).rejects.toThrow(
      "in.json:1: line is longer than 1 KiB (imports.max_line_bytes)",
    );
    expect(await readCapped(`[\n${record(KIB - 100)}\n]`)).toHaveLength(1);
    await expect(readCapped(`[\n{"a":1},\n${record(4 * KIB)}\n]`)).rejects.toThrow(
      "in.json:3: record is longer than 1 KiB (imports.max_line_bytes)",
    );
  });

  it("refuses bytes that are not UTF-8 on their line", async () => {
    const bad = Buffer.concat([Buffer.from('{"a":1}\n{"a":"caf'), Buffer.from([0xe9]), Buffer.from('"}\n')]);
    await expect(readCapped(bad)).rejects.toThrow("in.json:2: not UTF-8 text (byte 0xE9)");
    const array = Buffer.concat([
      Buffer.from('[\n{"a":1},\n{"a":"caf'),
      Buffer.from([0xe9]),
      Buffer.from('"}]'),
    ]);
    await expect(readCapped(array, 7)).rejects.toThrow("in.json:3: not UTF-8 text (byte 0xE9)");
  });

  it("bounds nesting: 256 levels read, 257 a row problem in NDJSON and fatal in an array", async () => {
    // deep(n) is a record n levels deep: the object, then n - 1 arrays.
    const ok = await readCapped(`${deep(256)}\n`);
    expect(ok).toHaveLength(1);
    expect(ok[0]).not.toHaveProperty("problem");
    expect(await readCapped(`{"a":1}\n${deep(257)}\n`)).toEqual([
      { line: 1, value: { a: 1 } },
      { line: 2, problem: "nested deeper than 256 levels of arrays and objects" },
    ]);
    expect(await readCapped(`[\n${deep(256)}]`)).toHaveLength(1);
    await expect(readCapped(`[\n{"a":1},\n${deep(257)}]`)).rejects.toThrow(
      "in.json:3: nested deeper than 256 levels of arrays and objects",
    );
  });

  it("bounds a pretty-printed single object's nesting at the line where it passes the bound", async () => {
    const text = `{\n  "a": 1,\n  "b": ${"[".repeat(300)}${"]".repeat(300)}\n}\n`;
    await expect(readCapped(text)).rejects.toThrow(
      "in.json:3: nested deeper than 256 levels of arrays and objects",
    );
  });
});

describe("readJsonDocument", () => {
  it("reads a minified document on one line far past the line cap: whole documents are not held to it", async () => {
    const findings = Array.from({ length: 20_000 }, (_, i) => ({
      id: `CVE-2026-${i}`,
      note: "x".repeat(100),
    }));
    const text = JSON.stringify({ findings });
    expect(text.length).toBeGreaterThan(2 * 1024 * 1024);
    const document = (await readJsonDocument(Readable.from([Buffer.from(text)]), "report.json")) as {
      findings: unknown[];
    };
    expect(document.findings).toHaveLength(20_000);
  });

  it("refuses a document nested 100,000 levels deep on the line where it passes 256, and names UTF-16", async () => {
    const deep = `{\n"runs": [\n${"[".repeat(100_000)}${"]".repeat(100_000)}]}`;
    await expect(readJsonDocument(deep, "deep.sarif")).rejects.toThrow(
      "deep.sarif:3: nested deeper than 256 levels of arrays and objects",
    );
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("{}", "utf16le")]);
    await expect(readJsonDocument(Readable.from([utf16]), "r.json")).rejects.toThrow(
      "r.json: UTF-16 text; secmetrics reads UTF-8 (convert it with iconv -f UTF-16 -t UTF-8)",
    );
  });
});
