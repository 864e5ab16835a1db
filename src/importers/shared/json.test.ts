import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../../model/errors.ts";
import { type JsonItem, readJsonRecords } from "./json.ts";

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
