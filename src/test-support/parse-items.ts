import type { Readable } from "node:stream";
import type { ImportContext, Importer, RecordItem } from "../importers/importer.ts";
import type { StorableRecord } from "../model/records.ts";

/** Every item a file importer yields for `input`, split into records and row problems. */
export async function parseItems<R extends StorableRecord>(
  importer: Importer<RecordItem<R>>,
  input: Readable,
  ctx: Partial<ImportContext> = {},
) {
  const items: RecordItem<R>[] = [];
  for await (const item of importer.parse(input, { timezone: "UTC", file: "input", ...ctx }))
    items.push(item);
  return {
    records: items.flatMap((item) => ("record" in item ? [item.record] : [])),
    problems: items.flatMap((item) => ("problem" in item ? [item] : [])),
  };
}
