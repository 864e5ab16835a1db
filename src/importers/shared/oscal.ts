import { type Json, objects, str } from "./fields.ts";

/** An OSCAL prop's value by name (`props: [{ name, value }]`), the first when repeated. */
export function oscalProp(item: Json | undefined, name: string): string | null {
  return str(objects(item, "props").find((p) => str(p, "name") === name) ?? null, "value");
}

/**
 * The line of each object's `"uuid": "…"` in the text, in order of
 * appearance, so an object can be named by the line it starts on; a uuid
 * written twice gets both lines, the nth object taking the nth.
 */
export function uuidLines(text: string): Map<string, number[]> {
  const lines = new Map<string, number[]>();
  let line = 1;
  let from = 0;
  for (const match of text.matchAll(/"uuid"\s*:\s*"([^"]*)"/g)) {
    for (let at = text.indexOf("\n", from); at !== -1 && at < match.index; at = text.indexOf("\n", at + 1))
      line++;
    from = match.index;
    const id = match[1] ?? "";
    lines.set(id, [...(lines.get(id) ?? []), line]);
  }
  return lines;
}
