import type { Readable } from "node:stream";
import type { StorableRecord } from "../../model/records.ts";
import type { ImportContext, InputSample } from "../importer.ts";
import { readCsv } from "./csv.ts";
import { FieldReader } from "./fields.ts";
import { firstJsonRecord, readJsonRecords } from "./json.ts";
import { isObject } from "./tabular.ts";

/**
 * The `Importer` contract narrowed to one `StorableRecord` type, so a parser's
 * tests see its own record type; every `EventImporter` is an `Importer`.
 */
export type EventItem<R extends StorableRecord = StorableRecord> =
  | { line: number; record: R }
  | { line: number; problem: string };

/** `ImportContext` (with `fileTime` and `logFormat`), as the log, inventory and change-record parsers name it. */
export type EventImportContext = ImportContext;

export interface EventImporter<R extends StorableRecord = StorableRecord> {
  id: string;
  title: string;
  feed: string;
  kinds: readonly string[];
  detect(sample: InputSample): boolean;
  parse(input: Readable, ctx: EventImportContext): AsyncIterable<EventItem<R>>;
}

interface EventTabularFormat<R extends StorableRecord> {
  family: string;
  title: string;
  kind: R["kind"];
  required: readonly string[];
  recognizes: (columns: readonly string[]) => boolean;
  /** Runs once before the rows; may throw `InvalidInputError` (e.g. no snapshot time). */
  prepare?: (ctx: EventImportContext) => void;
  map: (fields: FieldReader, ctx: EventImportContext) => R;
}

/**
 * `defineTabularFormat` for `StorableRecord`s: same CSV/JSON pair, same rules
 * (missing column fatal at line 1, bad value a row problem). It exists only
 * because `defineTabularFormat` is typed on `NormalizedRecord`; once the union
 * is extended the formats can switch to it.
 */
export function defineEventTabularFormat<R extends StorableRecord>(
  format: EventTabularFormat<R>,
): [EventImporter<R>, EventImporter<R>] {
  const matches = (keys: readonly string[]) =>
    format.required.every((name) => keys.includes(name)) && format.recognizes(keys);
  const mapRow = (line: number, values: Record<string, unknown>, ctx: EventImportContext): EventItem<R> => {
    const fields = new FieldReader(values, ctx.timezone);
    const record = format.map(fields, ctx);
    return fields.problems.length > 0 ? { line, problem: fields.problems.join("; ") } : { line, record };
  };
  const common = { feed: format.family, kinds: [format.kind] } as const;
  const csv: EventImporter<R> = {
    ...common,
    id: `${format.family}-csv`,
    title: `${format.title} (CSV with a header row)`,
    detect: (sample) => matches(csvHeader(sample.head)),
    async *parse(input, ctx) {
      format.prepare?.(ctx);
      for await (const row of readCsv(input, ctx.file, format.required))
        yield mapRow(row.line, row.values, ctx);
    },
  };
  const json: EventImporter<R> = {
    ...common,
    id: `${format.family}-json`,
    title: `${format.title} (JSON array or NDJSON)`,
    detect: (sample) => {
      const record = firstJsonRecord(sample.head);
      return isObject(record) && matches(Object.keys(record));
    },
    async *parse(input, ctx) {
      format.prepare?.(ctx);
      for await (const item of readJsonRecords(input, ctx.file)) {
        if ("problem" in item) yield item;
        else if (!isObject(item.value)) yield { line: item.line, problem: "expected a JSON object" };
        else yield mapRow(item.line, item.value, ctx);
      }
    },
  };
  return [csv, json];
}

export function csvHeader(head: string): string[] {
  const firstLine = head.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0] ?? "";
  if (firstLine.trimStart().startsWith("{") || firstLine.trimStart().startsWith("[")) return [];
  return firstLine.split(",").map((name) => name.trim().replace(/^"|"$/g, "").toLowerCase());
}
