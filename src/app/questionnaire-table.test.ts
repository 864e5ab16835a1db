import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { workbookBytes } from "../report/xlsx-workbook.ts";
import { readQuestionnaire } from "./questionnaire-table.ts";

const fixture = (name: string) => resolve("src/app/fixtures", name);
const read = (name: string, options = {}) => readQuestionnaire(readFileSync(fixture(name)), name, options);

describe("reading a questionnaire", () => {
  it("finds the CSV's `question` column and its 30 questions (wc -l: 31 lines, the header one)", () => {
    const table = read("questionnaire.csv");
    expect([table.sheet, table.headerRow, table.questionColumn, table.questions.length]).toEqual([
      null,
      0,
      2,
      30,
    ]);
  });

  it("reads the same 30 questions from LibreOffice's workbook of that CSV", () => {
    const fromCsv = read("questionnaire.csv").questions;
    const table = read("questionnaire.xlsx");
    expect(table.sheet).toBe("questionnaire");
    expect(table.questions).toEqual(fromCsv);
  });

  /*
   * vendor-review.xlsx (hand-made): an Instructions sheet whose one line
   * mentions "question", the questionnaire on "Security & Privacy" under a
   * title (row 1) with its header on row 3 ("Question text", rich text),
   * a section row (4) with no question, rows 7–8 absent, and a hidden
   * Lists sheet whose header is "Question".
   */
  it("picks the one visible sheet whose header names a question column, below its title", () => {
    const table = read("vendor-review.xlsx");
    expect([table.sheet, table.headerRow, table.questionColumn]).toEqual(["Security & Privacy", 2, 2]);
    expect(table.questions).toEqual([
      { row: 4, text: "Do you enforce multi-factor authentication for all employees?" },
      { row: 5, text: "Is multi-factor authentication enforced for administrators?" },
      { row: 8, text: "Is customer data encrypted at rest?" },
      { row: 9, text: "Are your data centers physically secured?" },
    ]);
  });

  it("takes the column named by its header or its letter", () => {
    for (const questionColumn of ["question TEXT", "C"])
      expect(read("vendor-review.xlsx", { questionColumn }).questions).toHaveLength(4);
    // Column B by letter: its first text (row 3, "Domain") is the header; its 4 domains below are the "questions".
    expect(
      read("vendor-review.xlsx", { sheet: "Security & Privacy", questionColumn: "B" }).questions,
    ).toHaveLength(4);
  });

  it("says which sheets there are when --sheet names none of them", () => {
    expect(() => read("vendor-review.xlsx", { sheet: "Security" })).toThrow(
      '--sheet: vendor-review.xlsx has no sheet "Security"',
    );
  });

  it("lists each sheet's first row when no sheet has a question column", () => {
    expect(() => read("vendor-review.xlsx", { questionColumn: "Control" })).toThrow(
      'vendor-review.xlsx:1: no sheet has a question column ("Instructions": A "ACME Corp vendor security review 2026"; "Security & Privacy": A "ACME Corp vendor security review 2026")',
    );
  });

  it("refuses to guess between two question columns, or between two sheets of questions", () => {
    const twoColumns = workbookBytes([
      {
        name: "Q",
        rows: [
          ["Question ID", "Question wording"],
          ["Q1", "Do you encrypt backups?"],
        ],
      },
    ]);
    for (const options of [{}, { sheet: "Q" }])
      expect(() => readQuestionnaire(twoColumns, "two.xlsx", options)).toThrow(
        'two.xlsx:1: sheet "Q": several columns could hold the questions: A "Question ID", B "Question wording"',
      );
    const twoSheets = workbookBytes(
      ["Identity", "Data"].map((name) => ({
        name,
        rows: [
          ["id", "Question"],
          [1, `${name}?`],
        ],
      })),
    );
    expect(() => readQuestionnaire(twoSheets, "tabs.xlsx", {})).toThrow(
      'tabs.xlsx:1: questions in more than one sheet: "Identity" (column B), "Data" (column B)',
    );
    expect(readQuestionnaire(twoSheets, "tabs.xlsx", { sheet: "Data" }).questions).toEqual([
      { row: 1, text: "Data?" },
    ]);
  });

  it("refuses --sheet for a CSV", () => {
    expect(() => read("questionnaire.csv", { sheet: "Sheet1" })).toThrow(
      "--sheet: questionnaire.csv is a CSV, not a workbook",
    );
  });
});
