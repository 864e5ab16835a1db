import { describe, expect, it } from "vitest";
import { csvText } from "./csv.ts";

describe("csvText", () => {
  it("keeps a spreadsheet from running imported text as a formula, and leaves numbers alone", () => {
    const rows = [
      ["title", "count"],
      ['=HYPERLINK("http://evil.example","x")', -3],
      ["@SUM(A1:A2)", 0],
      ["+1", 1],
      ["-2", 2],
      ["plain", 3],
    ];
    expect(csvText(rows)).toBe(
      [
        "title,count",
        `"'=HYPERLINK(""http://evil.example"",""x"")",-3`,
        "'@SUM(A1:A2),0",
        "'+1,1",
        "'-2,2",
        "plain,3",
        "",
      ].join("\n"),
    );
  });
});
