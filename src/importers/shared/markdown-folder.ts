import type { DirectorySource } from "../importer.ts";
import type { Json } from "./fields.ts";
import { frontMatter } from "./front-matter.ts";
import { readText } from "./json.ts";
import { parseYamlMapping } from "./yaml.ts";

const MARKDOWN = /\.(md|markdown)$/i;
/** What a folder of Markdown pages may hold beside them: the diagrams and screenshots they show. */
const ASIDE = /\.(png|jpe?g|gif|svg|webp)$/i;

export const isMarkdownPage = (path: string) => MARKDOWN.test(path);

/** A folder of Markdown pages, with perhaps their images: nothing else. */
export function isMarkdownFolder(files: readonly string[]): boolean {
  return (
    files.some((path) => MARKDOWN.test(path)) &&
    files.every((path) => MARKDOWN.test(path) || ASIDE.test(path))
  );
}

/** One page's front matter: its mapping and the line of each top-level key in the file. */
export interface FrontMatterPage {
  path: string;
  value: Json;
  lines: Record<string, number>;
}

/**
 * The front matter of each Markdown page of a folder that names `key` (a
 * post-mortem's `event`, a tabletop's `id`); a page without it (a README,
 * a template) is left out, saying so. Front matter that does not parse
 * refuses the folder at the file's own line.
 */
export async function* frontMatterPages(
  folder: DirectorySource,
  key: string,
  what: string,
): AsyncIterable<FrontMatterPage | { leftOut: string }> {
  for (const file of folder.files.filter((f) => MARKDOWN.test(f.path))) {
    const name = `${folder.name}/${file.path}`;
    const front = frontMatter(await readText(file.open(), name));
    const parsed = front === null ? null : parseYamlMapping(front.text, name, front.firstLine);
    if (parsed === null || !(key in parsed.value))
      yield { leftOut: `${file.path}: no ${what} front matter (no ${key})` };
    else yield { path: file.path, ...parsed };
  }
}
