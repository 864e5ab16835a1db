import type { Readable } from "node:stream";
import type { StorableRecord } from "../../model/records.ts";
import type { ImportContext, Importer, InputSample, ParsedItem } from "../importer.ts";
import { readCsvBatches } from "./csv.ts";
import { FieldReader } from "./fields.ts";
import { firstJsonRecord, readJsonRecords } from "./json.ts";

/** Maps one row to a record, reporting problems on the reader. */
export type RowMapper = (fields: FieldReader, ctx: ImportContext) => StorableRecord;

interface TabularFormat {
  /** Format family, e.g. "incidents": gives `incidents-csv`, `incidents-json` and the feed name. */
  family: string;
  title: string;
  kind: string;
  required: readonly string[];
  /** Whether a header (or a first record's keys) is unmistakably this family. */
  recognizes: (columns: readonly string[]) => boolean;
  map: RowMapper;
}

/**
 * secmetrics' own documented record formats come as CSV and as JSON
 * (array or NDJSON) with the same field names; one mapping serves both.
 */
export function defineTabularFormat(format: TabularFormat): [Importer, Importer] {
  const matches = (keys: readonly string[]) =>
    format.required.every((name) => keys.includes(name)) && format.recognizes(keys);
  const mapRow = (line: number, values: Record<string, unknown>, ctx: ImportContext): ParsedItem => {
    const fields = new FieldReader(values, ctx.timezone);
    const record = format.map(fields, ctx);
    return fields.problems.length > 0 ? { line, problem: fields.problems.join("; ") } : { line, record };
  };
  const common = { feed: format.family, kinds: [format.kind] } as const;
  const csv: Importer = {
    ...common,
    id: `${format.family}-csv`,
    title: `${format.title} (CSV with a header row)`,
    detect: (sample: InputSample) => matches(csvHeader(sample.head)),
    async *parse(input: Readable, ctx: ImportContext) {
      for await (const rows of readCsvBatches(input, ctx.file, format.required))
        for (const row of rows) yield mapRow(row.line, row.values, ctx);
    },
  };
  const json: Importer = {
    ...common,
    id: `${format.family}-json`,
    title: `${format.title} (JSON array or NDJSON)`,
    detect: (sample: InputSample) => {
      const record = firstJsonRecord(sample.head);
      return isObject(record) && matches(Object.keys(record));
    },
    async *parse(input: Readable, ctx: ImportContext) {
      for await (const item of readJsonRecords(input, ctx.file)) {
        if ("problem" in item) yield item;
        else if (!isObject(item.value)) yield { line: item.line, problem: "expected a JSON object" };
        else yield mapRow(item.line, item.value, ctx);
      }
    },
  };
  return [csv, json];
}

function csvHeader(head: string): string[] {
  const firstLine = head.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0] ?? "";
  if (firstLine.trimStart().startsWith("{") || firstLine.trimStart().startsWith("[")) return [];
  return firstLine.split(",").map((name) => name.trim().replace(/^"|"$/g, "").toLowerCase());
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
