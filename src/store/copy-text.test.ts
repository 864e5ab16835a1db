import { describe, expect, it } from "vitest";
import { copyTextRow } from "./copy-text.ts";

describe("copyTextRow", () => {
  it.each([
    ["null and undefined are \\N", [null, undefined], "\\N\t\\N"],
    ["an empty string stays empty, apart from NULL", ["", null, ""], "\t\\N\t"],
    ["numbers as their text", [1_788_220_800_000, 0, 1, -3], "1788220800000\t0\t1\t-3"],
    ["a tab, a newline and a carriage return are escaped", ["a\tb", "c\nd", "e\rf"], "a\\tb\tc\\nd\te\\rf"],
    ["a backslash is doubled", ["C:\\temp\\", "\\"], "C:\\\\temp\\\\\t\\\\"],
    ["text that reads like a NULL marker or the end of data stays text", ["\\N", "\\."], "\\\\N\t\\\\."],
    [
      "quotes, commas and unicode pass as they are",
      ["say \"hi\", 'you'", "日本 🔐 é"],
      "say \"hi\", 'you'\t日本 🔐 é",
    ],
    ["JSON text keeps its own escapes, doubled", ['{"a":"b\\"c\\n"}'], '{"a":"b\\\\"c\\\\n"}'],
  ])("%s", (_, values, expected) => {
    expect(copyTextRow(values)).toBe(expected);
  });
});
