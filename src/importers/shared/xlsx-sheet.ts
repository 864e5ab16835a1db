import { local, parseXml, type Refuse, StringCollector, unescapeOoxml } from "./xlsx-xml.ts";

/** One worksheet part of an .xlsx: its cells (typed by their number format) and merged ranges. */

/** A cell's value; a date or time is ISO 8601 text without a zone (a workbook has none). */
export type CellValue = string | number | boolean;

/** A cell range, 0-based and inclusive. */
export interface CellRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** A cell's text as a person reads it: numbers as written, booleans as TRUE/FALSE. */
export function cellText(value: CellValue | undefined): string {
  if (value === undefined) return "";
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  return String(value);
}

/** `A` → 0, `Z` → 25, `AA` → 26. */
export function columnIndex(letters: string): number {
  let index = 0;
  for (const letter of letters.toUpperCase()) index = index * 26 + (letter.charCodeAt(0) - 64);
  return index - 1;
}

/** 0 → `A`, 26 → `AA`. */
export function columnLetters(index: number): string {
  let letters = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** Excel's built-in date and time formats (ECMA-376 §18.8.30, and the East Asian ones Excel reads). */
const BUILT_IN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54,
  55, 56, 57, 58,
]);

/** A custom number format is a date or time when, quoted text, escapes and colours aside, it has d, m, y, h or s. */
function isDateFormat(code: string): boolean {
  const bare = code
    .replace(/"[^"]*"/g, "")
    .replace(/\\./g, "")
    .replace(/\[(?!h\]|m\]|s\])[^\]]*\]/gi, "");
  return /[dmyhs]/i.test(bare) && !/^general$/i.test(bare.trim());
}

/** The indexes of the cell styles (`cellXfs`) whose number format is a date or time. */
export function readDateStyles(xml: string, refuse: Refuse): Set<number> {
  const customDates = new Set<number>();
  const dateStyles = new Set<number>();
  let inCellXfs = false;
  let xfIndex = 0;
  parseXml(xml, refuse, {
    open(tag) {
      const name = local(tag.name);
      if (name === "numFmt" && isDateFormat(String(tag.attributes.formatCode ?? "")))
        customDates.add(Number(tag.attributes.numFmtId));
      if (name === "cellXfs") inCellXfs = true;
      if (name === "xf" && inCellXfs) {
        const format = Number(tag.attributes.numFmtId ?? 0);
        if (BUILT_IN_DATE_FORMATS.has(format) || customDates.has(format)) dateStyles.add(xfIndex);
        xfIndex++;
      }
    },
    close(name) {
      if (local(name) === "cellXfs") inCellXfs = false;
    },
  });
  return dateStyles;
}

const DAY_MS = 86_400_000;
/** 1970-01-01 as an Excel serial in the 1900 date system, and the 1904 system's offset from it. */
const UNIX_EPOCH_SERIAL = 25_569;
const DATE_1904_OFFSET = 1_462;

/**
 * An Excel date serial as ISO 8601 text without a zone: a date alone when
 * it has no time of day, else to the second. The 1900 system counts a 29
 * February 1900 that never was (Lotus's bug, kept by Excel): serials before
 * it are a day ahead.
 */
export function serialDate(serial: number, date1904: boolean): string {
  const days = date1904 ? serial + DATE_1904_OFFSET : serial < 60 ? serial + 1 : serial;
  const ms = Math.round((days - UNIX_EPOCH_SERIAL) * 86_400) * 1000;
  const iso = new Date(ms).toISOString();
  return ms % DAY_MS === 0 ? iso.slice(0, 10) : iso.slice(0, 19);
}

/** A sheet's content as read. */
export interface SheetCells {
  /** Row index (0-based) → column index (0-based) → value; empty cells are absent. */
  cells: Map<number, Map<number, CellValue>>;
  merges: CellRange[];
}

export interface SheetContext {
  strings: readonly string[];
  dateStyles: ReadonlySet<number>;
  date1904: boolean;
  fail: Refuse;
}

const CELL_REFERENCE = /^([A-Z]{1,3})(\d+)$/i;

export function parseRange(ref: string): CellRange | null {
  const [from, to = from] = ref.split(":");
  const start = CELL_REFERENCE.exec(from ?? "");
  const end = CELL_REFERENCE.exec(to ?? "");
  if (!start?.[1] || !start[2] || !end?.[1] || !end[2]) return null;
  return {
    top: Number(start[2]) - 1,
    left: columnIndex(start[1]),
    bottom: Number(end[2]) - 1,
    right: columnIndex(end[1]),
  };
}

export function readSheet(xml: string, ctx: SheetContext): SheetCells {
  const cells = new Map<number, Map<number, CellValue>>();
  const merges: CellRange[] = [];
  const inline = new StringCollector();
  let row = -1;
  let column = -1;
  let cell: { type: string; style: number; ref: string } | null = null;
  let value: string[] | null = null;
  let hasInline = false;
  const store = (result: CellValue | undefined) => {
    if (result === undefined || result === "") return;
    let columns = cells.get(row);
    if (!columns) {
      columns = new Map();
      cells.set(row, columns);
    }
    columns.set(column, result);
  };
  const valueOf = (
    raw: string,
    current: { type: string; style: number; ref: string },
  ): CellValue | undefined => {
    switch (current.type) {
      case "s": {
        const shared = ctx.strings[Number(raw)];
        if (shared === undefined) ctx.fail(`cell ${current.ref}: shared string ${raw} does not exist`);
        return shared;
      }
      case "b":
        return raw === "1" || raw.toLowerCase() === "true";
      case "str":
      case "e":
      case "d":
        return unescapeOoxml(raw);
      default: {
        if (raw.trim() === "") return undefined;
        const number = Number(raw);
        if (!Number.isFinite(number)) ctx.fail(`cell ${current.ref}: "${raw}" is not a number`);
        return ctx.dateStyles.has(current.style) ? serialDate(number, ctx.date1904) : number;
      }
    }
  };
  parseXml(xml, ctx.fail, {
    open(tag) {
      const name = local(tag.name);
      if (name === "row") {
        const r = tag.attributes.r;
        row = r === undefined ? row + 1 : Number(r) - 1;
        column = -1;
      } else if (name === "c") {
        const ref = String(tag.attributes.r ?? "");
        const match = CELL_REFERENCE.exec(ref);
        if (match?.[1] && match[2]) {
          column = columnIndex(match[1]);
          row = Number(match[2]) - 1;
        } else column++;
        cell = {
          type: String(tag.attributes.t ?? "n"),
          style: Number(tag.attributes.s ?? 0),
          ref: ref || `${columnLetters(column)}${row + 1}`,
        };
        hasInline = false;
      } else if (name === "v" && cell) value = [];
      else if (name === "is" && cell) hasInline = true;
      else if (name === "mergeCell") {
        const range = parseRange(String(tag.attributes.ref ?? ""));
        if (range) merges.push(range);
      }
      if (hasInline) inline.open(name);
    },
    close(tagName) {
      const name = local(tagName);
      if (hasInline) inline.close(name);
      if (name === "v" && cell && value) {
        store(valueOf(value.join(""), cell));
        value = null;
      } else if (name === "c" && cell) {
        if (hasInline) store(inline.take());
        cell = null;
        hasInline = false;
      }
    },
    text(text) {
      if (value) value.push(text);
      else if (hasInline) inline.text(text);
    },
  });
  return { cells, merges };
}
