/**
 * Atlassian Document Format, the JSON a Jira Cloud v3 description or comment
 * is: a `doc` of block nodes (paragraph, heading, bulletList of listItems)
 * holding `text` nodes, bold as a `strong` mark.
 */
export interface AdfNode {
  type: string;
  attrs?: Record<string, unknown>;
  content?: AdfNode[];
  text?: string;
  marks?: { type: string }[];
  /** The document's format version: 1, on the `doc` node only. */
  version?: number;
}

/**
 * The Markdown an issue draft is written in, as ADF: `### ` headings, `- `
 * list items, `**bold**`, other lines as paragraphs; HTML comments (the
 * marker, which Jira finds by label instead) are left out.
 */
export function markdownToAdf(markdown: string): AdfNode {
  const content: AdfNode[] = [];
  for (const line of markdown.split("\n")) {
    if (!line.trim() || /^<!--.*-->$/.test(line.trim())) continue;
    if (line.startsWith("### ")) {
      content.push({ type: "heading", attrs: { level: 3 }, content: inline(line.slice(4)) });
    } else if (line.startsWith("- ")) {
      const item: AdfNode = {
        type: "listItem",
        content: [{ type: "paragraph", content: inline(line.slice(2)) }],
      };
      const last = content.at(-1);
      if (last?.type === "bulletList") last.content?.push(item);
      else content.push({ type: "bulletList", content: [item] });
    } else {
      content.push({ type: "paragraph", content: inline(line) });
    }
  }
  return { type: "doc", version: 1, content };
}

/** Text with `**bold**` runs as strong-marked text nodes; ADF allows no empty text node. */
function inline(text: string): AdfNode[] {
  return text
    .split(/\*\*(.+?)\*\*/)
    .flatMap((part, i) =>
      part
        ? [
            i % 2 === 1
              ? { type: "text", text: part, marks: [{ type: "strong" }] }
              : { type: "text", text: part },
          ]
        : [],
    );
}
