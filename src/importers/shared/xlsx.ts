import { inflateSync, type Unzipped, unzipSync } from "fflate";
import sax from "sax";
import { InvalidInputError } from "../../model/errors.ts";

/**
 * A reader of Office Open XML workbooks (.xlsx: a zip of XML parts), as
 * Excel, LibreOffice, Google Sheets and openpyxl write them: the sheets of
 * `xl/workbook.xml` found through `xl/_rels/workbook.xml.rels`, shared
 * strings (rich-text runs joined, phonetic runs left out), inline strings,
 * numbers, booleans, formula results as cached in the file (never
 * recomputed), dates told by their number format, gaps in cell references
 * and merged ranges. The workbook is held in memory: questionnaires and
 * assessment workbooks are a few MB at most.
 */

/** A cell's value; a date or time is ISO 8601 text without a zone (a workbook has none). */
export type CellValue = string | number | boolean;

export interface SheetInfo {
  name: string;
  /** Hidden or very hidden: a helper sheet, not one a person fills. */
  hidden: boolean;
}

/** A cell range, 0-based and inclusive. */
export interface CellRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface Worksheet extends SheetInfo {
  /** Row index (0-based) → column index (0-based) → value; empty cells are absent. */
  cells: Map<number, Map<number, CellValue>>;
  merges: CellRange[];
}

export interface Workbook {
  sheets: SheetInfo[];
  /** The workbook-wide defined names (`AnsATBL` → `Lookups!$P$4:$Q$7`). */
  definedNames: ReadonlyMap<string, string>;
  /** The sheet of that name, read when first asked for. */
  sheet(name: string): Worksheet;
}

/** A part may inflate to at most this: an honest workbook's largest part is tens of MB, a zip bomb far more. */
const MAX_PART_BYTES = 256 * 1024 * 1024;

export function readWorkbook(bytes: Uint8Array, file: string): Workbook {
  const refuse = (reason: string): never => {
    throw new InvalidInputError(file, [{ line: 1, reason }]);
  };
  const parts = (wanted: (path: string) => boolean): Unzipped => {
    try {
      return unzipSync(bytes, {
        filter: (entry) => {
          if (!wanted(entry.name)) return false;
          if (entry.originalSize > MAX_PART_BYTES)
            refuse(`${entry.name} would inflate to ${entry.originalSize} bytes: not read`);
          return true;
        },
      });
    } catch (error) {
      if (error instanceof InvalidInputError) throw error;
      return refuse(`not an .xlsx workbook (not a readable zip: ${(error as Error).message})`);
    }
  };
  const core = parts((path) =>
    ["xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/sharedStrings.xml", "xl/styles.xml"].includes(path),
  );
  const text = (path: string) => {
    const part = core[path];
    return part ? new TextDecoder("utf-8").decode(part) : undefined;
  };
  const workbookXml = text("xl/workbook.xml") ?? refuse("not an .xlsx workbook (no xl/workbook.xml part)");
  const { sheets, date1904, definedNames } = readWorkbookPart(workbookXml, refuse);
  const targets = readRelationships(text("xl/_rels/workbook.xml.rels") ?? "", refuse);
  const sharedText = text("xl/sharedStrings.xml");
  const strings = sharedText === undefined ? [] : readSharedStrings(sharedText, refuse);
  const stylesText = text("xl/styles.xml");
  const dateStyles = stylesText === undefined ? new Set<number>() : readDateStyles(stylesText, refuse);
  const read = new Map<string, Worksheet>();
  return {
    sheets: sheets.map(({ name, hidden }) => ({ name, hidden })),
    definedNames,
    sheet(name) {
      const known = read.get(name);
      if (known) return known;
      const entry = sheets.find((sheet) => sheet.name === name);
      if (!entry) return refuse(`no sheet "${name}" (sheets: ${sheets.map((s) => s.name).join(", ")})`);
      const target = targets.get(entry.relationship);
      if (!target) return refuse(`sheet "${name}": no part for relationship ${entry.relationship}`);
      const path = partPath(target);
      const part = parts((candidate) => candidate === path)[path];
      if (!part) return refuse(`sheet "${name}": no part ${path} in the zip`);
      const sheet = readSheet(new TextDecoder("utf-8").decode(part), {
        strings,
        dateStyles,
        date1904,
        fail: (reason) => refuse(`sheet "${name}" (${path}): ${reason}`),
      });
      const worksheet = { name, hidden: entry.hidden, ...sheet };
      read.set(name, worksheet);
      return worksheet;
    },
  };
}

/** A cell's text as a person reads it: numbers as written, booleans as TRUE/FALSE. */
export function cellText(value: CellValue | undefined): string {
  if (value === undefined) return "";
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  return String(value);
}

/** The value at a cell, a merged range's other cells giving its top-left cell's value. */
export function cellAt(sheet: Worksheet, row: number, column: number): CellValue | undefined {
  const range = sheet.merges.find(
    (m) => row >= m.top && row <= m.bottom && column >= m.left && column <= m.right,
  );
  return range ? sheet.cells.get(range.top)?.get(range.left) : sheet.cells.get(row)?.get(column);
}

/**
 * The values of a range a formula would name (`Lookups!$P$4:$Q$7`, `'My
 * sheet'!A1`), row by row; null when it is not a plain range of one sheet.
 */
export function rangeValues(workbook: Workbook, reference: string): (CellValue | undefined)[][] | null {
  const match = /^(?:'((?:[^']|'')+)'|([^!']+))!(\$?[A-Z]+\$?\d+(?::\$?[A-Z]+\$?\d+)?)$/i.exec(
    reference.trim(),
  );
  const sheetName = match?.[1]?.replaceAll("''", "'") ?? match?.[2];
  const range = match?.[3] ? parseRange(match[3].replaceAll("$", "")) : null;
  if (!sheetName || !range || !workbook.sheets.some((sheet) => sheet.name === sheetName)) return null;
  const sheet = workbook.sheet(sheetName);
  const rows: (CellValue | undefined)[][] = [];
  for (let row = range.top; row <= range.bottom; row++) {
    const values: (CellValue | undefined)[] = [];
    for (let column = range.left; column <= range.right; column++) values.push(cellAt(sheet, row, column));
    rows.push(values);
  }
  return rows;
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

/**
 * The sheet names of an .xlsx from its first bytes only, when its
 * workbook part lies whole within them (Excel, LibreOffice and openpyxl put
 * it among the first entries): enough for detection to tell one workbook
 * from another without reading the file. Null when it cannot tell.
 */
export function sheetNamesFromHead(head: Uint8Array): string[] | null {
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  let offset = 0;
  while (offset + 30 <= head.length && view.getUint32(offset, true) === 0x04034b50) {
    const flags = view.getUint16(offset + 6, true);
    const method = view.getUint16(offset + 8, true);
    const compressed = view.getUint32(offset + 18, true);
    const nameLength = view.getUint16(offset + 26, true);
    const extraLength = view.getUint16(offset + 28, true);
    const name = new TextDecoder().decode(head.subarray(offset + 30, offset + 30 + nameLength));
    const start = offset + 30 + nameLength + extraLength;
    // Sizes written after the data (flag bit 3, as LibreOffice writes): a deflate stream ends itself.
    const sizeLater = (flags & 8) !== 0 && compressed === 0;
    if (!sizeLater && start + compressed > head.length) return null;
    if (name === "xl/workbook.xml") {
      const data = sizeLater ? head.subarray(start) : head.subarray(start, start + compressed);
      try {
        const xml = new TextDecoder().decode(method === 8 ? inflateSync(data) : data);
        return readWorkbookPart(xml, (reason) => {
          throw new Error(reason);
        }).sheets.map((sheet) => sheet.name);
      } catch {
        return null;
      }
    }
    offset = sizeLater ? nextLocalHeader(head, start) : start + compressed;
  }
  return null;
}

/** Where the next entry's local header starts after one whose size is written after its data; the end when none is in sight. */
function nextLocalHeader(head: Uint8Array, from: number): number {
  for (let at = from; at + 4 <= head.length; at++)
    if (head[at] === 0x50 && head[at + 1] === 0x4b && head[at + 2] === 0x03 && head[at + 3] === 0x04)
      return at;
  return head.length;
}

type Refuse = (reason: string) => never;

/** Parses a whole XML part with strict sax, the handlers given; a malformed part is refused with its line. */
function parseXml(
  xml: string,
  refuse: Refuse,
  handlers: {
    open?: (tag: sax.Tag) => void;
    close?: (name: string) => void;
    text?: (text: string) => void;
  },
): void {
  const parser = sax.parser(true, { trim: false, normalize: false });
  parser.onopentag = (tag) => handlers.open?.(tag as sax.Tag);
  parser.onclosetag = (name) => handlers.close?.(name);
  parser.ontext = (text) => handlers.text?.(text);
  parser.oncdata = (text) => handlers.text?.(text);
  try {
    parser.write(xml).close();
  } catch (error) {
    refuse(`not well-formed XML at line ${parser.line + 1}: ${(error as Error).message.split("\n")[0]}`);
  }
}

/** The local name of a possibly prefixed element (`x:row` → `row`). */
const local = (name: string) => name.slice(name.indexOf(":") + 1);

function readWorkbookPart(
  xml: string,
  refuse: Refuse,
): {
  sheets: (SheetInfo & { relationship: string })[];
  date1904: boolean;
  definedNames: Map<string, string>;
} {
  const sheets: (SheetInfo & { relationship: string })[] = [];
  const definedNames = new Map<string, string>();
  let definedName: { name: string; text: string[] } | null = null;
  let date1904 = false;
  parseXml(xml, refuse, {
    close(name) {
      if (local(name) !== "definedName" || !definedName) return;
      definedNames.set(definedName.name, definedName.text.join(""));
      definedName = null;
    },
    text(text) {
      definedName?.text.push(text);
    },
    open(tag) {
      const name = local(tag.name);
      // A name local to one sheet (`localSheetId`) is not the workbook's.
      if (name === "definedName" && tag.attributes.localSheetId === undefined)
        definedName = { name: String(tag.attributes.name), text: [] };
      if (name === "workbookPr") date1904 = ["1", "true"].includes(String(tag.attributes.date1904));
      if (name !== "sheet") return;
      // `r:id`, whatever the prefix of the relationships namespace.
      const relationship = Object.entries(tag.attributes).find(([key]) => local(key) === "id")?.[1];
      sheets.push({
        name: String(tag.attributes.name ?? ""),
        hidden: ["hidden", "veryHidden"].includes(String(tag.attributes.state ?? "")),
        relationship: String(relationship ?? ""),
      });
    },
  });
  if (sheets.length === 0) refuse("xl/workbook.xml: the workbook has no sheets");
  return { sheets, date1904, definedNames };
}

function readRelationships(xml: string, refuse: Refuse): Map<string, string> {
  const targets = new Map<string, string>();
  parseXml(xml, refuse, {
    open(tag) {
      if (local(tag.name) === "Relationship")
        targets.set(String(tag.attributes.Id), String(tag.attributes.Target));
    },
  });
  return targets;
}

/** A relationship target, relative to `xl/` unless absolute (`/xl/worksheets/sheet1.xml`). */
function partPath(target: string): string {
  if (target.startsWith("/")) return target.slice(1);
  const parts = ["xl"];
  for (const segment of target.split("/"))
    if (segment === "..") parts.pop();
    else if (segment !== ".") parts.push(segment);
  return parts.join("/");
}

/** OOXML escapes characters XML cannot hold as `_xHHHH_`. */
function unescapeOoxml(text: string): string {
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) =>
    String.fromCharCode(Number.parseInt(hex, 16)),
  );
}

/**
 * Collects the text of `<t>` elements within each `item` element (a shared
 * string `si`, an inline string `is`), its rich-text runs joined and its
 * phonetic guides (`rPh`) left out.
 */
class StringCollector {
  private depthInPhonetic = 0;
  private inText = false;
  private parts: string[] = [];

  open(name: string): void {
    if (name === "rPh") this.depthInPhonetic++;
    if (name === "t" && this.depthInPhonetic === 0) this.inText = true;
  }

  close(name: string): void {
    if (name === "rPh") this.depthInPhonetic--;
    if (name === "t") this.inText = false;
  }

  text(text: string): void {
    if (this.inText) this.parts.push(text);
  }

  take(): string {
    const text = unescapeOoxml(this.parts.join(""));
    this.parts = [];
    return text;
  }
}

function readSharedStrings(xml: string, refuse: Refuse): string[] {
  const strings: string[] = [];
  const collector = new StringCollector();
  parseXml(xml, refuse, {
    open: (tag) => collector.open(local(tag.name)),
    close(name) {
      collector.close(local(name));
      if (local(name) === "si") strings.push(collector.take());
    },
    text: (text) => collector.text(text),
  });
  return strings;
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
function readDateStyles(xml: string, refuse: Refuse): Set<number> {
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

interface SheetContext {
  strings: readonly string[];
  dateStyles: ReadonlySet<number>;
  date1904: boolean;
  fail: Refuse;
}

const CELL_REFERENCE = /^([A-Z]{1,3})(\d+)$/i;

function parseRange(ref: string): CellRange | null {
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

function readSheet(xml: string, ctx: SheetContext): Pick<Worksheet, "cells" | "merges"> {
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
