import { columnLetters } from "../importers/shared/xlsx-sheet.ts";
import { zipFiles } from "./evidence/deterministic-zip.ts";

/** A value to write: text (always a string cell, never a formula), a number or a boolean; undefined leaves the cell empty. */
export type WrittenCell = string | number | boolean | undefined;

export interface WrittenSheet {
  name: string;
  /** Rows from the first, columns from A; a missing row or cell stays empty. */
  rows: readonly (readonly WrittenCell[])[];
  /** Ranges to merge, 0-based and inclusive, as the sheet read had them. */
  merges?: readonly { top: number; left: number; bottom: number; right: number }[];
  /** Column widths in characters, by column index; Excel's default where absent. */
  widths?: readonly (number | undefined)[];
}

const XML_HEADER = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PACKAGE_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships";
/** Excel refuses a cell of more text than this. */
const MAX_CELL_CHARACTERS = 32_767;

/**
 * A workbook as .xlsx bytes: inline strings (no shared-string table to keep
 * in step), one wrapped-text style, the parts in path order with the fixed
 * times and permissions of the evidence packs, so the same sheets give the
 * same bytes. Text cells are string cells, so a cell beginning with `=`
 * is shown, never run.
 */
export function workbookBytes(sheets: readonly WrittenSheet[]): Uint8Array {
  const encoder = new TextEncoder();
  const files = [
    { path: "[Content_Types].xml", text: contentTypes(sheets.length) },
    { path: "_rels/.rels", text: packageRelationships() },
    { path: "xl/workbook.xml", text: workbookXml(sheets) },
    { path: "xl/_rels/workbook.xml.rels", text: workbookRelationships(sheets.length) },
    { path: "xl/styles.xml", text: STYLES },
    ...sheets.map((sheet, index) => ({ path: `xl/worksheets/sheet${index + 1}.xml`, text: sheetXml(sheet) })),
  ];
  return zipFiles(
    files
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
      .map(({ path, text }) => ({ path, bytes: encoder.encode(text) })),
  );
}

function contentTypes(sheetCount: number): string {
  const sheets = Array.from(
    { length: sheetCount },
    (_, i) =>
      `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
  );
  return `${XML_HEADER}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>${sheets.join("")}</Types>`;
}

function packageRelationships(): string {
  return `${XML_HEADER}<Relationships xmlns="${PACKAGE_REL_NS}"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
}

function workbookXml(sheets: readonly WrittenSheet[]): string {
  const entries = sheets.map(
    (sheet, i) => `<sheet name="${escapeXml(sheetName(sheet.name))}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`,
  );
  return `${XML_HEADER}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheets>${entries.join("")}</sheets></workbook>`;
}

function workbookRelationships(sheetCount: number): string {
  const sheets = Array.from(
    { length: sheetCount },
    (_, i) =>
      `<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
  );
  const styles = `<Relationship Id="rId${sheetCount + 1}" Type="${REL_NS}/styles" Target="styles.xml"/>`;
  return `${XML_HEADER}<Relationships xmlns="${PACKAGE_REL_NS}">${sheets.join("")}${styles}</Relationships>`;
}

/** Style 0 is the default; style 1 wraps text and aligns it to the top, for long answers. */
const STYLES = `${XML_HEADER}<styleSheet xmlns="${MAIN_NS}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`;

function sheetXml(sheet: WrittenSheet): string {
  const rows = sheet.rows.flatMap((cells, r) => {
    const written = cells.flatMap((value, c) => {
      const cell = cellXml(`${columnLetters(c)}${r + 1}`, value);
      return cell === null ? [] : [cell];
    });
    return written.length === 0 ? [] : [`<row r="${r + 1}">${written.join("")}</row>`];
  });
  const widths = (sheet.widths ?? []).flatMap((width, c) =>
    width === undefined ? [] : [`<col min="${c + 1}" max="${c + 1}" width="${width}" customWidth="1"/>`],
  );
  const merges = (sheet.merges ?? []).map(
    (m) => `<mergeCell ref="${columnLetters(m.left)}${m.top + 1}:${columnLetters(m.right)}${m.bottom + 1}"/>`,
  );
  return `${XML_HEADER}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">${
    widths.length > 0 ? `<cols>${widths.join("")}</cols>` : ""
  }<sheetData>${rows.join("")}</sheetData>${
    merges.length > 0 ? `<mergeCells count="${merges.length}">${merges.join("")}</mergeCells>` : ""
  }</worksheet>`;
}

function cellXml(ref: string, value: WrittenCell): string | null {
  if (value === undefined || value === "") return null;
  if (typeof value === "boolean") return `<c r="${ref}" t="b"><v>${value ? 1 : 0}</v></c>`;
  if (typeof value === "number")
    return Number.isFinite(value) ? `<c r="${ref}"><v>${value}</v></c>` : cellXml(ref, String(value));
  const text = value.length > MAX_CELL_CHARACTERS ? `${value.slice(0, MAX_CELL_CHARACTERS - 1)}…` : value;
  return `<c r="${ref}" s="1" t="inlineStr"><is><t xml:space="preserve">${escapeXml(escapeOoxml(text))}</t></is></c>`;
}

/** Excel's rules for a sheet name: 31 characters at most, none of `[]:*?/\`. */
function sheetName(name: string): string {
  return name.replace(/[[\]:*?/\\]/g, "_").slice(0, 31) || "Sheet1";
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/**
 * Characters XML 1.0 cannot hold (controls but tab and newlines) as OOXML's
 * `_xHHHH_`, and a literal `_xHHHH_` protected as `_x005F_xHHHH_`, so a
 * reader gives back the text written.
 */
function escapeOoxml(text: string): string {
  return text
    .replace(/_(x[0-9A-Fa-f]{4}_)/g, "_x005F_$1")
    .replace(
      /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g,
      (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}_`,
    );
}
