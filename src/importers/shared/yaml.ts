import { createRequire } from "node:module";
import type * as Yaml from "yaml";
import { InvalidInputError } from "../../model/errors.ts";
import { isObject, type Json } from "./fields.ts";
import { readText } from "./json.ts";

/** The YAML parser loads only when a YAML input is read, as for the config: other imports pay nothing for it. */
const requireYaml = createRequire(import.meta.url);

/** A YAML document's top-level mapping, and the items of one of its lists with their lines. */
export interface YamlList {
  root: Json;
  items: ({ line: number; value: Json } | { line: number; problem: string })[];
}

/**
 * Reads a YAML document whose top level is a mapping holding the list
 * `key`. Scalars stay as YAML 1.2 reads them (dates are text, parsed later
 * in the import's time zone); a syntax error refuses the file at its line.
 */
export async function readYamlList(
  input: AsyncIterable<Buffer | string>,
  file: string,
  key: string,
): Promise<YamlList> {
  const { isMap, isNode, isSeq, LineCounter, parseDocument } = requireYaml("yaml") as typeof Yaml;
  const text = (await readText(input, file)).replace(/^\uFEFF/, "");
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const [error] = document.errors;
  if (error)
    throw new InvalidInputError(file, [{ line: lines.linePos(error.pos[0]).line, reason: error.message }]);
  const root = document.toJSON();
  const list = isMap(document.contents) ? document.contents.get(key, true) : undefined;
  if (!isObject(root) || !isSeq(list))
    throw new InvalidInputError(file, [{ line: 1, reason: `no top-level list "${key}"` }]);
  const items = list.items.map((node) => {
    const line = lines.linePos(isNode(node) ? (node.range?.[0] ?? 0) : 0).line;
    const value: unknown = isMap(node) ? node.toJSON() : undefined;
    return isObject(value) ? { line, value } : { line, problem: "expected a mapping" };
  });
  return { root, items };
}
