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

/** A YAML list's items, each a mapping with its line, or the problem that it is not one. */
export type YamlItems = YamlList["items"];

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
  const { root, lists } = await readYamlLists(input, file, [key]);
  const items = lists.get(key);
  if (items === undefined)
    throw new InvalidInputError(file, [{ line: 1, reason: `no top-level list "${key}"` }]);
  return { root, items };
}

/**
 * `readYamlList` for a document holding several top-level lists (a plan's
 * roles and runbooks): each of `keys` present as a list, with its items;
 * a key given as anything but a list refuses the file at its line.
 */
export async function readYamlLists(
  input: AsyncIterable<Buffer | string>,
  file: string,
  keys: readonly string[],
): Promise<{ root: Json; lists: Map<string, YamlItems> }> {
  const { isMap, isNode, isSeq, LineCounter, parseDocument } = requireYaml("yaml") as typeof Yaml;
  const text = (await readText(input, file)).replace(/^\uFEFF/, "");
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const [error] = document.errors;
  if (error)
    throw new InvalidInputError(file, [{ line: lines.linePos(error.pos[0]).line, reason: error.message }]);
  const root = document.toJSON();
  if (!isObject(root) || !isMap(document.contents))
    throw new InvalidInputError(file, [{ line: 1, reason: "the top level is not a mapping" }]);
  const lists = new Map<string, YamlItems>();
  for (const key of keys) {
    const list = document.contents.get(key, true);
    if (list === undefined || list === null) continue;
    if (!isSeq(list)) {
      const line = isNode(list) ? lines.linePos(list.range?.[0] ?? 0).line : 1;
      throw new InvalidInputError(file, [{ line, reason: `"${key}" is not a list` }]);
    }
    lists.set(
      key,
      list.items.map((node) => {
        const line = lines.linePos(isNode(node) ? (node.range?.[0] ?? 0) : 0).line;
        const value: unknown = isMap(node) ? node.toJSON() : undefined;
        return isObject(value) ? { line, value } : { line, problem: "expected a mapping" };
      }),
    );
  }
  return { root, lists };
}

/**
 * A YAML mapping embedded in a larger text (a Markdown file's front matter)
 * that starts on line `firstLine` of `file`: a syntax error refuses the
 * file at its own line, not the embedded text's. Each top-level key comes
 * with its line, for the problems a mapping's fields raise.
 */
export function parseYamlMapping(
  text: string,
  file: string,
  firstLine: number,
): { value: Json; lines: Record<string, number> } {
  const { isMap, isScalar, LineCounter, parseDocument } = requireYaml("yaml") as typeof Yaml;
  const counter = new LineCounter();
  const document = parseDocument(text, { lineCounter: counter, prettyErrors: false });
  const at = (offset: number) => counter.linePos(offset).line + firstLine - 1;
  const [error] = document.errors;
  if (error) throw new InvalidInputError(file, [{ line: at(error.pos[0]), reason: error.message }]);
  const value: unknown = document.toJSON();
  if (!isObject(value) || !isMap(document.contents))
    throw new InvalidInputError(file, [{ line: firstLine, reason: "the front matter is not a mapping" }]);
  const lines: Record<string, number> = {};
  for (const pair of document.contents.items)
    if (isScalar(pair.key)) lines[String(pair.key.value)] = at(pair.key.range?.[0] ?? 0);
  return { value, lines };
}
