import { InvalidInputError } from "../../model/errors.ts";
import type { StorableRecord } from "../../model/records.ts";
import type { FileReader } from "../define-importer.ts";
import type { RecordItem } from "../importer.ts";
import { field, isObject, type Json, list, str } from "../shared/fields.ts";
import { LineFinder } from "../shared/line-finder.ts";
import { jsonDocument } from "../shared/readers.ts";

/**
 * The entries of a saved Snapshot hub GraphQL answer: `{"data": {"<many>":
 * [...]}}`, `{"data": {"<one>": {...}}}`, or the entries as a plain array.
 * A GraphQL error answer, or another query's, refuses the file.
 */
function hubEntries(document: unknown, file: string, many: string, one: string): unknown[] {
  if (Array.isArray(document)) return document;
  const errors = list(document, "errors");
  if (errors.length > 0)
    throw new InvalidInputError(file, [
      {
        line: 1,
        reason: `a GraphQL error answer, not ${many}: ${str(errors[0], "message") ?? "no message"}`,
      },
    ]);
  const entries = field(document, `data.${many}`);
  if (Array.isArray(entries)) return entries;
  const entry = field(document, `data.${one}`);
  if (isObject(entry)) return [entry];
  throw new InvalidInputError(file, [
    { line: 1, reason: `expected data.${many} (a list), data.${one}, or a JSON array of ${many}` },
  ]);
}

/** A hub answer's opening, `{"data": {"<many>"` or `{"data": {"<one>"`, for detection. */
export function wrappedAnswer(one: string): RegExp {
  return new RegExp(`^\\s*\\{\\s*"data"\\s*:\\s*\\{\\s*"${one}s?"\\s*:`);
}

/**
 * A reader of a hub answer's entries, one record each: `build` reads an
 * entry and lists its problems; `needle` is the text that places an entry
 * on its line (entries come in file order).
 */
export function hubRecords<R extends StorableRecord>(
  many: string,
  one: string,
  needle: (entry: Json) => string,
  build: (entry: Json, problems: string[]) => R,
): FileReader<RecordItem<R>> {
  return jsonDocument(function* (document, ctx, text) {
    const lines = new LineFinder(text);
    for (const entry of hubEntries(document, ctx.file, many, one)) {
      if (!isObject(entry)) {
        yield { line: lines.next("{"), problem: `expected a ${one} object` };
        continue;
      }
      const line = lines.next(needle(entry));
      const problems: string[] = [];
      const record = build(entry, problems);
      yield problems.length > 0 ? { line, problem: problems.join("; ") } : { line, record };
    }
  });
}
