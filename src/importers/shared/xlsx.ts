import { inflateSync, type Unzipped, unzipSync } from "fflate";
import { InvalidInputError } from "../../model/errors.ts";
import {
  type CellRange,
  type CellValue,
  parseRange,
  readDateStyles,
  readSheet,
  type SheetCells,
} from "./xlsx-sheet.ts";
import { local, parseXml, type Refuse, StringCollector } from "./xlsx-xml.ts";

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

export interface SheetInfo {
  name: string;
  /** Hidden or very hidden: a helper sheet, not one a person fills. */
  hidden: boolean;
}

export interface Worksheet extends SheetInfo, SheetCells {}

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
