import { describe, expect, it } from "vitest";
import { formatBytes, MAX_JSON_DEPTH, nestingBeyond, nestsDeeperThan, tooLong } from "./input-limits.ts";

const nested = (levels: number) => `${"[".repeat(levels)}${"]".repeat(levels)}`;

describe("nestsDeeperThan", () => {
  it("counts the value itself as level 1, objects and arrays alike", () => {
    expect(nestsDeeperThan({ a: [{ b: 1 }] }, 3)).toBe(false);
    expect(nestsDeeperThan({ a: [{ b: [] }] }, 3)).toBe(true);
    expect(nestsDeeperThan("text", 0)).toBe(false);
  });

  it("walks 100,000 levels without overflowing the stack", () => {
    const deep = JSON.parse(nested(100_000));
    expect(nestsDeeperThan(deep)).toBe(true);
    expect(nestsDeeperThan(JSON.parse(nested(MAX_JSON_DEPTH)))).toBe(false);
  });
});

describe("nestingBeyond", () => {
  it("finds the bracket that opens one level too many, skipping brackets in strings", () => {
    // Offsets: 0 '{', 1-9 the key "a[[[\"[", 10 ':', 11 '[' (level 2), 12 '[' (level 3).
    const text = String.raw`{"a[[[\"[":[[1]]}`;
    expect(nestingBeyond(text, 2)).toBe(12);
    expect(nestingBeyond(text, 3)).toBe(-1);
  });
});

describe("tooLong", () => {
  it("names the cap in binary units and the config key", () => {
    expect(tooLong(1024 * 1024)).toBe("line is longer than 1 MiB (imports.max_line_bytes)");
    expect(tooLong(2048, "record")).toBe("record is longer than 2 KiB (imports.max_line_bytes)");
    expect(formatBytes(1500)).toBe("1500 bytes");
  });
});
