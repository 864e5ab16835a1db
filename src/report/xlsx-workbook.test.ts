import { describe, expect, it } from "vitest";
import { readWorkbook } from "../importers/shared/xlsx.ts";
import { unzipFiles } from "./evidence/deterministic-zip.ts";
import { workbookBytes } from "./xlsx-workbook.ts";

const SHEET = {
  name: "Security: Q/A [2026]",
  rows: [
    ["Vendor review"],
    [],
    ["id", "question", "ok", "answer"],
    [1, "Is data <encrypted> & backed up?", true, '=HYPERLINK("http://evil.test")'],
    [2.5, undefined, false, "bell\u0007 and _x0041_ stay as written"],
  ],
  merges: [{ top: 0, left: 0, bottom: 0, right: 3 }],
  widths: [undefined, 60],
};

describe("workbookBytes", () => {
  it("writes a workbook the reader gives back cell for cell, merges included", () => {
    const book = readWorkbook(workbookBytes([SHEET]), "out.xlsx");
    // Excel's rules: no `:`, `/`, `[` or `]` in a sheet name.
    expect(book.sheets).toEqual([{ name: "Security_ Q_A _2026_", hidden: false }]);
    const sheet = book.sheet("Security_ Q_A _2026_");
    expect([...sheet.cells.keys()]).toEqual([0, 2, 3, 4]);
    expect(Object.fromEntries(sheet.cells.get(3) ?? [])).toEqual({
      0: 1,
      1: "Is data <encrypted> & backed up?",
      2: true,
      // A string cell: shown as text, never run as a formula.
      3: '=HYPERLINK("http://evil.test")',
    });
    expect(Object.fromEntries(sheet.cells.get(4) ?? [])).toEqual({
      0: 2.5,
      2: false,
      3: "bell\u0007 and _x0041_ stay as written",
    });
    expect(sheet.merges).toEqual([{ top: 0, left: 0, bottom: 0, right: 3 }]);
  });

  it("gives the same bytes for the same sheets: fixed times, parts in path order", () => {
    const first = workbookBytes([SHEET]);
    expect(Buffer.from(workbookBytes([SHEET])).equals(Buffer.from(first))).toBe(true);
    expect(unzipFiles(first, "out.xlsx").map((file) => file.path)).toEqual([
      "[Content_Types].xml",
      "_rels/.rels",
      "xl/_rels/workbook.xml.rels",
      "xl/styles.xml",
      "xl/workbook.xml",
      "xl/worksheets/sheet1.xml",
    ]);
  });
});
