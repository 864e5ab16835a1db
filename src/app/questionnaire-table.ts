import { parse } from "csv-parse/sync";
import { readWorkbook, type Worksheet } from "../importers/shared/xlsx.ts";
import {
  type CellRange,
  type CellValue,
  cellText,
  columnIndex,
  columnLetters,
} from "../importers/shared/xlsx-sheet.ts";
import { InvalidInputError, SecmetricsError } from "../model/errors.ts";

/** A customer's questionnaire as read: every row kept, the questions located. */
export interface QuestionnaireTable {
  /** The sheet the questions were read from; null for a CSV. */
  sheet: string | null;
  /** Every row of the sheet or CSV from the first, each cell where it was; a gap is undefined. */
  rows: (CellValue | undefined)[][];
  /** The row (0-based) whose cell names the question column. */
  headerRow: number;
  questionColumn: number;
  /** The rows below the header whose question cell has text, with that text: the questions to answer. */
  questions: { row: number; text: string }[];
  merges: CellRange[];
}

export interface QuestionnaireOptions {
  /** The sheet to read (an .xlsx); found by its question column when not given. */
  sheet?: string;
  /** The question column's header text, or its letter (`C`); the header matching /question/ when not given. */
  questionColumn?: string;
}

/** How far down a header row is looked for: below a title block, never in the questions themselves. */
const HEADER_SEARCH_ROWS = 50;
/** A header is a short label; a longer cell mentioning "question" is an instruction or a question. */
const MAX_HEADER_LENGTH = 60;

/** A questionnaire file: an .xlsx workbook (by its zip signature) or a CSV with a header row. */
export function readQuestionnaire(
  bytes: Uint8Array,
  file: string,
  options: QuestionnaireOptions,
): QuestionnaireTable {
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  if (!isZip) {
    if (options.sheet !== undefined)
      throw new SecmetricsError("invalid_argument", `--sheet: ${file} is a CSV, not a workbook`);
    return locate(csvRows(bytes, file), [], null, file, options);
  }
  const workbook = readWorkbook(bytes, file);
  if (options.sheet !== undefined) {
    if (!workbook.sheets.some((sheet) => sheet.name === options.sheet))
      throw new SecmetricsError(
        "invalid_argument",
        `--sheet: ${file} has no sheet "${options.sheet}"`,
        `its sheets: ${workbook.sheets.map((sheet) => `"${sheet.name}"`).join(", ")}`,
      );
    return fromSheet(workbook.sheet(options.sheet), file, options);
  }
  const visible = workbook.sheets.filter((sheet) => !sheet.hidden).map((sheet) => workbook.sheet(sheet.name));
  const headers = visible.map((sheet) => ({
    sheet,
    header: findHeader(sheetRows(sheet), options.questionColumn),
  }));
  const found = headers.flatMap(({ sheet, header }) =>
    header && "column" in header ? [{ sheet, header }] : [],
  );
  // A sheet with two candidate columns and no other sheet of questions: say which columns, not "none".
  const ambiguous = headers.find(({ header }) => header && "ambiguous" in header);
  if (found.length === 0 && ambiguous) return fromSheet(ambiguous.sheet, file, options);
  const [only, ...more] = found;
  if (only && more.length === 0) return fromSheet(only.sheet, file, options);
  if (only)
    throw new InvalidInputError(
      file,
      [
        {
          line: 1,
          reason: `questions in more than one sheet: ${found
            .map(({ sheet, header }) => `"${sheet.name}" (column ${columnLetters(header.column)})`)
            .join(", ")}`,
        },
      ],
      "name the one to fill with --sheet; fill each in turn for all of them",
    );
  throw new InvalidInputError(
    file,
    [{ line: 1, reason: `no sheet has a question column (${sheetHeaders(visible)})` }],
    "name the sheet with --sheet and the column with --question-column (its header or its letter)",
  );
}

function fromSheet(sheet: Worksheet, file: string, options: QuestionnaireOptions): QuestionnaireTable {
  return locate(sheetRows(sheet), sheet.merges, sheet.name, file, options);
}

/** Finds the header and the questions, or says what the rows hold instead. */
function locate(
  rows: (CellValue | undefined)[][],
  merges: CellRange[],
  sheet: string | null,
  file: string,
  options: QuestionnaireOptions,
): QuestionnaireTable {
  const header = findHeader(rows, options.questionColumn);
  const where = sheet === null ? "" : `sheet "${sheet}": `;
  if (!header || !("column" in header)) {
    const reason =
      header && "ambiguous" in header
        ? `several columns could hold the questions: ${header.ambiguous.map((c) => `${columnLetters(c)} "${cellText(rows[header.row]?.[c]).trim()}"`).join(", ")}`
        : options.questionColumn === undefined
          ? `no header cell names a question column (first row: ${headerList(rows)})`
          : `no column "${options.questionColumn}" (first row: ${headerList(rows)})`;
    throw new InvalidInputError(
      file,
      [{ line: (header?.row ?? 0) + 1, reason: `${where}${reason}` }],
      "name the column with --question-column (its header or its letter)",
    );
  }
  const questions = rows.flatMap((cells, row) => {
    const text = cellText(cells[header.column]).trim();
    return row > header.row && text !== "" ? [{ row, text }] : [];
  });
  return { sheet, rows, headerRow: header.row, questionColumn: header.column, questions, merges };
}

type Header = { row: number; column: number } | { row: number; ambiguous: number[] };

/**
 * The header row and question column: the column named (its letter, or its
 * header text exactly, in any case), else the first row with a cell
 * `Question` or `Questions`, else the first with exactly one short cell
 * mentioning "question". A header row has at least two cells and text
 * below the question cell: a lone instruction ("answer each question
 * below") is not one. Null when no row qualifies.
 */
function findHeader(rows: readonly (CellValue | undefined)[][], named: string | undefined): Header | null {
  const searched = rows.slice(0, HEADER_SEARCH_ROWS);
  const texts = (cells: readonly (CellValue | undefined)[]) =>
    cells
      .map((value, column) => ({ column, text: cellText(value).trim() }))
      .filter(({ text }) => text !== "");
  const hasTextBelow = (row: number, column: number) =>
    rows.slice(row + 1).some((cells) => cellText(cells[column]).trim() !== "");
  if (named !== undefined && /^[A-Z]{1,3}$/.test(named)) {
    const column = columnIndex(named);
    const row = searched.findIndex((cells) => cellText(cells[column]).trim() !== "");
    return row < 0 ? null : { row, column };
  }
  const headerRows = [...searched.entries()]
    .map(([row, cells]) => ({ row, cells: texts(cells) }))
    .filter(({ cells }) => cells.length >= 2);
  const wanted = (text: string) =>
    named === undefined ? /^questions?$/i.test(text) : text.toLowerCase() === named.trim().toLowerCase();
  for (const { row, cells } of headerRows) {
    const exact = cells.find(({ column, text }) => wanted(text) && hasTextBelow(row, column));
    if (exact) return { row, column: exact.column };
  }
  if (named !== undefined) return null;
  for (const { row, cells } of headerRows) {
    const mentions = cells.filter(
      ({ column, text }) =>
        text.length <= MAX_HEADER_LENGTH && /question/i.test(text) && hasTextBelow(row, column),
    );
    if (mentions.length === 1 && mentions[0]) return { row, column: mentions[0].column };
    if (mentions.length > 1) return { row, ambiguous: mentions.map(({ column }) => column) };
  }
  return null;
}

/** The first non-empty row's cells, as an error lists them. */
function headerList(rows: readonly (CellValue | undefined)[][]): string {
  const first = rows.find((cells) => cells.some((value) => cellText(value).trim() !== "")) ?? [];
  const cells = first.flatMap((value, column) =>
    cellText(value).trim() === ""
      ? []
      : [`${columnLetters(column)} "${cellText(value).trim().slice(0, 40)}"`],
  );
  return cells.length > 0 ? cells.join(", ") : "empty";
}

function sheetHeaders(sheets: readonly Worksheet[]): string {
  return sheets.map((sheet) => `"${sheet.name}": ${headerList(sheetRows(sheet))}`).join("; ");
}

/** A sheet's cells as rows from the first, each cell at its column. */
function sheetRows(sheet: Worksheet): (CellValue | undefined)[][] {
  let last = -1;
  for (const row of sheet.cells.keys()) last = Math.max(last, row);
  const rows: (CellValue | undefined)[][] = [];
  for (let row = 0; row <= last; row++) {
    const cells: (CellValue | undefined)[] = [];
    for (const [column, value] of sheet.cells.get(row) ?? []) cells[column] = value;
    rows.push(cells);
  }
  return rows;
}

function csvRows(bytes: Uint8Array, file: string): string[][] {
  try {
    return parse(Buffer.from(bytes), {
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
    }) as string[][];
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    throw new InvalidInputError(file, [{ line, reason: (error as Error).message }]);
  }
}
