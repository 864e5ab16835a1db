import { InvalidInputError } from "../../model/errors.ts";
import { field, isObject, list, str } from "../shared/fields.ts";

/**
 * The entries of a saved Snapshot hub GraphQL answer: `{"data": {"<many>":
 * [...]}}`, `{"data": {"<one>": {...}}}`, or the entries as a plain array.
 * A GraphQL error answer, or another query's, refuses the file.
 */
export function hubEntries(document: unknown, file: string, many: string, one: string): unknown[] {
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
