import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { cellAt, rangeValues, readWorkbook, sheetNamesFromHead } from "./xlsx.ts";
import { cellText, columnIndex, columnLetters, serialDate } from "./xlsx-sheet.ts";

/** Hand-made (scripts/fixtures/make-vendor-review.py): every cell shape the reader must handle. */
const EDGE = resolve("src/app/fixtures/vendor-review.xlsx");
/** Written by LibreOffice Calc from questionnaire.csv. */
const LIBREOFFICE = resolve("src/app/fixtures/questionnaire.xlsx");
/** OWASP's SAMM toolbox as published: written by Microsoft Excel, then openpyxl. */
const EXCEL = resolve("src/importers/samm/fixtures/samm-toolbox-template.xlsx");

const workbook = (path: string) => readWorkbook(readFileSync(path), path);
const xml = (text: string) => new TextEncoder().encode(text);

describe("the xlsx reader", () => {
  it("lists the sheets in the workbook's order, hidden ones marked, and its defined names", () => {
    const book = workbook(EDGE);
    expect(book.sheets).toEqual([
      { name: "Instructions", hidden: false },
      { name: "Security & Privacy", hidden: false },
      { name: "Lists", hidden: true },
    ]);
    expect(book.definedNames.get("Answers")).toBe("Lists!$A$2:$A$3");
    expect(rangeValues(book, "Lists!$A$2:$A$3")).toEqual([["Yes"], ["No"]]);
  });

  it("reads shared, rich-text and inline strings, numbers, booleans, dates, formula results and gaps", () => {
    const sheet = workbook(EDGE).sheet("Security & Privacy");
    const row = (r: number) => Object.fromEntries(sheet.cells.get(r) ?? []);
    // Rich-text runs joined; the phonetic guide (rPh) left out.
    expect(row(2)).toEqual({ 0: "Ref", 1: "Domain", 2: "Question text", 3: "Vendor response", 4: "Due" });
    // 46142 in the 1900 system is 2026-04-30 (python: date(1899,12,30) + timedelta(46142)); style 1 is format 14.
    expect(row(4)).toEqual({
      0: 1.1,
      1: "Identity",
      2: "Do you enforce multi-factor authentication for all employees?",
      3: true,
      4: "2026-04-30",
    });
    // An inline string; 46142.5 under the custom format dd/mm/yyyy hh:mm is noon.
    expect(row(5)).toMatchObject({
      2: "Is multi-factor authentication enforced for administrators?",
      4: "2026-04-30T12:00:00",
    });
    // Rows 7 and 8 are absent (r="9" follows r="6"); a formula's cached text result.
    expect(sheet.cells.has(6)).toBe(false);
    expect(row(8)).toMatchObject({ 2: "Is customer data encrypted at rest?", 3: "Yes" });
    // A row and cells without references follow the one before: row 10, columns A–C; _x000D_ is a CR.
    expect(row(9)).toEqual({
      0: 2.2,
      1: "Data",
      2: "Are your data centers physically secured?",
      5: "Line one\r",
    });
  });

  it("gives a merged range's value to each of its cells through cellAt", () => {
    const sheet = workbook(EDGE).sheet("Security & Privacy");
    expect(sheet.merges).toEqual([
      { top: 0, left: 0, bottom: 0, right: 4 },
      { top: 3, left: 0, bottom: 3, right: 4 },
    ]);
    expect(cellAt(sheet, 0, 3)).toBe("ACME Corp vendor security review 2026");
    expect(sheet.cells.get(0)?.get(3)).toBeUndefined();
  });

  it("reads LibreOffice's workbook of the 30-question CSV as the CSV holds it (ids as numbers)", () => {
    const book = workbook(LIBREOFFICE);
    expect(book.sheets).toEqual([{ name: "questionnaire", hidden: false }]);
    const sheet = book.sheet("questionnaire");
    // wc -l questionnaire.csv: 31 lines, a header and 30 questions.
    expect(sheet.cells.size).toBe(31);
    expect([...(sheet.cells.get(30)?.values() ?? [])].map(cellText)).toEqual(
      readFileSync(resolve("src/app/fixtures/questionnaire.csv"), "utf8").trim().split("\n")[30]?.split(","),
    );
  });

  it("reads Excel's workbook: OWASP's SAMM toolbox, its version and its 90 interview question ids", () => {
    const book = workbook(EXCEL);
    expect(book.sheets.filter((s) => !s.hidden).map((s) => s.name)).toEqual([
      "Attribution and License",
      "Benchmark",
      "Interview",
      "Scorecard",
      "Roadmap",
    ]);
    expect(book.sheet("Attribution and License").cells.get(2)?.get(1)).toBe("2.0.10");
    const ids = [...book.sheet("Interview").cells.values()].filter((cells) =>
      /^[DGIOV]-[A-Z]{2}-[AB]-[123]-1$/.test(cellText(cells.get(0))),
    );
    // SAMM v2: 15 practices × 2 streams × 3 levels.
    expect(ids).toHaveLength(90);
  });

  it("names the sheets from a file's first bytes, whichever way the zip gives entry sizes", () => {
    const head = (path: string) => readFileSync(path).subarray(0, 65_536);
    expect(sheetNamesFromHead(head(EDGE))).toEqual(["Instructions", "Security & Privacy", "Lists"]);
    expect(sheetNamesFromHead(head(LIBREOFFICE))).toEqual(["questionnaire"]);
    expect(sheetNamesFromHead(head(EXCEL))?.slice(0, 3)).toEqual([
      "Attribution and License",
      "Benchmark",
      "Interview",
    ]);
    expect(sheetNamesFromHead(xml("id,question\n1,Do you?\n"))).toBeNull();
  });

  it.each([
    [1, false, "1900-01-01"],
    [59, false, "1900-02-28"],
    [61, false, "1900-03-01"],
    [46142.25, false, "2026-04-30T06:00:00"],
    [0, true, "1904-01-01"],
  ])("turns serial %s (1904 system: %s) into %s", (serial, date1904, iso) => {
    expect(serialDate(serial, date1904)).toBe(iso);
  });

  it("converts column letters both ways", () => {
    expect(["A", "Z", "AA", "AZ", "XFD"].map(columnIndex)).toEqual([0, 25, 26, 51, 16_383]);
    expect([0, 25, 26, 51, 16_383].map(columnLetters)).toEqual(["A", "Z", "AA", "AZ", "XFD"]);
  });

  it("refuses what is not a workbook, naming the file and why", () => {
    expect(() => readWorkbook(xml("id,question\n"), "q.csv")).toThrow(
      /q\.csv:1: not an \.xlsx workbook \(not a readable zip/,
    );
    expect(() => readWorkbook(zipSync({ "word/document.xml": xml("<w/>") }), "doc.docx")).toThrow(
      "doc.docx:1: not an .xlsx workbook (no xl/workbook.xml part)",
    );
    const broken = zipSync({
      "xl/workbook.xml": xml('<workbook><sheets><sheet name="S" r:id="rId1"/></sheets></workbook>'),
      "xl/_rels/workbook.xml.rels": xml(
        '<Relationships><Relationship Id="rId1" Target="worksheets/s.xml"/></Relationships>',
      ),
      "xl/worksheets/s.xml": xml("<worksheet>\n<sheetData><row><c><v>1</v></row></sheetData></worksheet>"),
    });
    expect(() => readWorkbook(broken, "b.xlsx").sheet("S")).toThrow(
      /b\.xlsx:1: sheet "S" \(xl\/worksheets\/s\.xml\): not well-formed XML at line 2/,
    );
    expect(() => readWorkbook(broken, "b.xlsx").sheet("T")).toThrow('b.xlsx:1: no sheet "T" (sheets: S)');
  });
});
