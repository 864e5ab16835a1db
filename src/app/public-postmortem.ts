import { createRequire } from "node:module";
import type * as Yaml from "yaml";
import type { Config } from "../config/schema.ts";
import type { DirectorySource } from "../importers/importer.ts";
import { frontMatter } from "../importers/shared/front-matter.ts";
import { readText } from "../importers/shared/json.ts";
import { parseYamlMapping } from "../importers/shared/yaml.ts";
import { InvalidInputError, SecmetricsError } from "../model/errors.ts";
import { wholeWords } from "../model/whole-words.ts";

const requireYaml = createRequire(import.meta.url);
const MARKDOWN = /\.(md|markdown)$/i;
const BLOCK_START = /^\s*<!--\s*internal\s*-->\s*$/i;
const BLOCK_END = /^\s*<!--\s*\/\s*internal\s*-->\s*$/i;
const INTERNAL_HEADING = /^(#{1,6})\s+.*?[([]internal[)\]]\s*#*\s*$/i;
const HEADING = /^(#{1,6})\s/;
const FENCE = /^\s*(```|~~~)/;

/** What the public version left out, counted for the note that goes with it. */
export interface Removed {
  /** The front-matter keys removed, sorted. */
  fields: string[];
  /** Sections under a heading marked `(internal)`. */
  sections: number;
  /** Blocks between `<!-- internal -->` and `<!-- /internal -->`. */
  blocks: number;
  /** Other HTML comments: hidden when rendered, readable in the source. */
  comments: number;
  /** Names replaced by [redacted]. */
  redactions: number;
}

/** The post-mortem file of `event` in a post-mortems folder, or not_found naming the event. */
export async function findPostmortem(
  folder: DirectorySource,
  event: string,
): Promise<{ name: string; text: string }> {
  for (const file of folder.files.filter((f) => MARKDOWN.test(f.path))) {
    const name = `${folder.name}/${file.path}`;
    const text = await readText(file.open(), name);
    const front = frontMatter(text);
    if (front === null) continue;
    const { value } = parseYamlMapping(front.text, name, front.firstLine);
    if (String(value.event ?? "") === event) return { name, text };
  }
  throw new SecmetricsError(
    "not_found",
    `no post-mortem of ${event} in ${folder.name}`,
    "the ID is the `event` of a post-mortem's front matter (INC-101); check the folder with --from",
  );
}

/**
 * The public version of a published post-mortem: its front matter without
 * the internal keys (the policy's, those named `internal_*`, those the file
 * lists under `internal:`), re-written so that YAML comments go too; its
 * Markdown without the sections under a heading ending in `(internal)` or
 * `[internal]`, the blocks between `<!-- internal -->` and
 * `<!-- /internal -->`, and every other HTML comment; then the configured
 * names redacted everywhere. Refuses a post-mortem that is not published,
 * and a marking it cannot close (an unclosed block or comment), rather than
 * guess where the internal part ends.
 */
export function publicPostmortem(
  text: string,
  name: string,
  policy: Config["public_postmortems"],
): { markdown: string; removed: Removed } {
  const front = frontMatter(text);
  if (front === null)
    throw new InvalidInputError(name, [{ line: 1, reason: "no front matter between --- lines" }]);
  const { value, lines } = parseYamlMapping(front.text, name, front.firstLine);
  const event = String(value.event ?? "");
  if (value.status !== "published")
    throw new SecmetricsError(
      "conflict",
      `${name}: the post-mortem of ${event} is ${String(value.status ?? "without a status")}, not published`,
      "only a published (reviewed and finished) post-mortem can be made public: set status: published first",
    );
  const listed = value.internal ?? [];
  if (!Array.isArray(listed) || !listed.every((key) => typeof key === "string"))
    throw new InvalidInputError(name, [
      { line: lines.internal ?? front.firstLine, reason: "internal: expected a list of front-matter keys" },
    ]);
  const internal = new Set([...policy.internal_fields, ...listed, "internal"]);
  const fields = Object.keys(value)
    .filter((key) => internal.has(key) || key.startsWith("internal_"))
    .sort();
  const kept = Object.fromEntries(Object.entries(value).filter(([key]) => !fields.includes(key)));
  const bodyStart = front.text.split("\n").length + 3;
  const body = publicBody(front.body, name, bodyStart);
  const { stringify } = requireYaml("yaml") as typeof Yaml;
  const whole = `---\n${stringify(kept, { lineWidth: 0 })}---\n${body.text}`;
  const redacted = redact(whole, policy.redact_names);
  return {
    markdown: redacted.text,
    removed: {
      fields,
      sections: body.sections,
      blocks: body.blocks,
      comments: body.comments,
      redactions: redacted.count,
    },
  };
}

/** The Markdown body without its internal sections, blocks and comments; `firstLine` is its line in the file. */
function publicBody(
  body: string,
  name: string,
  firstLine: number,
): { text: string; sections: number; blocks: number; comments: number } {
  /** The kept lines, each with its line in the file. */
  const kept: [string, number][] = [];
  let sections = 0;
  let blocks = 0;
  let fenced = false;
  let skipLevel: number | null = null;
  let blockStart: number | null = null;
  for (const [index, line] of body.split("\n").entries()) {
    if (blockStart !== null) {
      if (BLOCK_END.test(line)) blockStart = null;
      continue;
    }
    if (FENCE.test(line)) fenced = !fenced;
    const heading = fenced ? null : HEADING.exec(line);
    if (skipLevel !== null) {
      if (heading === null || (heading[1] as string).length > skipLevel) continue;
      skipLevel = null;
    }
    if (!fenced && BLOCK_START.test(line)) {
      blockStart = firstLine + index;
      blocks++;
      continue;
    }
    const internalHeading = fenced ? null : INTERNAL_HEADING.exec(line);
    if (internalHeading) {
      skipLevel = (internalHeading[1] as string).length;
      sections++;
      continue;
    }
    kept.push([line, firstLine + index]);
  }
  if (blockStart !== null)
    throw new InvalidInputError(name, [
      { line: blockStart, reason: "<!-- internal --> is never closed by <!-- /internal -->" },
    ]);
  let comments = 0;
  // A comment becomes its own line breaks, so that an unclosed one after it is found on its line.
  const text = kept
    .map(([line]) => line)
    .join("\n")
    .replace(/<!--[\s\S]*?-->/g, (comment) => {
      comments++;
      return comment.replace(/[^\n]/g, "");
    });
  const open = text.indexOf("<!--");
  if (open >= 0) {
    const keptIndex = text.slice(0, open).split("\n").length - 1;
    throw new InvalidInputError(name, [
      {
        line: kept[keptIndex]?.[1] ?? firstLine,
        reason: "an HTML comment (<!--) is never closed: everything after it would be hidden",
      },
    ]);
  }
  return { text: text.replace(/\n{3,}/g, "\n\n"), sections, blocks, comments };
}

/** Each name replaced by [redacted] as a whole word, any case. */
function redact(text: string, names: readonly string[]): { text: string; count: number } {
  const pattern = wholeWords(names, true);
  if (pattern === null) return { text, count: 0 };
  let count = 0;
  const replaced = text.replace(pattern, () => {
    count++;
    return "[redacted]";
  });
  return { text: replaced, count };
}
