/**
 * PostgreSQL's COPY text format: one line per row, columns separated by tabs,
 * `\N` for NULL (so an empty string stays an empty string), and a backslash
 * escape for the characters that would end a column or a row. Values arrive
 * as the batch writer's column values: numbers (instants, 0/1), text (JSON
 * columns are already text) or null; each is written as the text PostgreSQL
 * would have received as a bound parameter (`String(value)`), so both write
 * paths store the same thing.
 */
export function copyTextRow(values: readonly unknown[]): string {
  let line = "";
  for (let i = 0; i < values.length; i++) {
    if (i > 0) line += "\t";
    line += copyTextValue(values[i]);
  }
  return line;
}

const SPECIAL = /[\\\t\n\r]/;
const SPECIALS = /[\\\t\n\r]/g;
const ESCAPES: Readonly<Record<string, string>> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

function copyTextValue(value: unknown): string {
  if (value === null || value === undefined) return "\\N";
  const text = String(value);
  // Most values have nothing to escape: a test is cheaper than a replace.
  return SPECIAL.test(text) ? text.replace(SPECIALS, (c) => ESCAPES[c] as string) : text;
}
