import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { type LineChunk, readLineChunks } from "./log-lines.ts";

const KIB = 1024;

/** All lines and unreadable lines of `bytes` fed in chunks of `size`. */
async function read(bytes: Buffer, size: number): Promise<LineChunk> {
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
  const all: LineChunk = { lines: [], unreadable: [] };
  for await (const { lines, unreadable } of readLineChunks(Readable.from(chunks), "x.log", KIB)) {
    all.lines.push(...lines);
    all.unreadable.push(...unreadable);
  }
  return all;
}

describe("readLineChunks", () => {
  it("skips a line a byte over the cap and reads on; a line of exactly the cap is read", async () => {
    const text = `one\r\n${"a".repeat(KIB)}\n${"b".repeat(KIB + 1)}\nfour\nlast`;
    for (const size of [1, 7, 300, 1 << 16]) {
      const { lines, unreadable } = await read(Buffer.from(text), size);
      expect(lines.map((l) => [l.line, l.text.length])).toEqual([
        [1, 3],
        [2, KIB],
        [4, 4],
        [5, 4],
      ]);
      expect(unreadable).toEqual([
        { line: 3, skipped: "line is longer than 1 KiB (imports.max_line_bytes)" },
      ]);
    }
  });

  it("reports a file without a newline once, as line 1", async () => {
    expect(await read(Buffer.alloc(20 * KIB), 4096)).toEqual({
      lines: [],
      unreadable: [{ line: 1, skipped: "line is longer than 1 KiB (imports.max_line_bytes)" }],
    });
  });

  it("skips a line that is not UTF-8 rather than replacing its bytes, even when a chunk splits it", async () => {
    const bytes = Buffer.concat([Buffer.from("café\nbad "), Buffer.from([0xff]), Buffer.from("\nnext\n")]);
    for (const size of [1, 3, 1 << 16]) {
      const { lines, unreadable } = await read(bytes, size);
      expect(lines).toEqual([
        { line: 1, text: "café" },
        { line: 3, text: "next" },
      ]);
      expect(unreadable).toEqual([{ line: 2, skipped: "not UTF-8 text (byte 0xFF)" }]);
    }
  });
});
