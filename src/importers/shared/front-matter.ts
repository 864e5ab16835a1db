/**
 * A Markdown file's YAML front matter: the text between a first line `---`
 * and the next `---` (or `...`), the line it starts on, and the Markdown
 * body after it; null when the file has none.
 */
export function frontMatter(text: string): { text: string; firstLine: number; body: string } | null {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  if (lines[0]?.trim() !== "---") return null;
  const end = lines.findIndex((line, index) => index > 0 && /^(---|\.\.\.)\s*$/.test(line));
  if (end < 0) return null;
  return { text: lines.slice(1, end).join("\n"), firstLine: 2, body: lines.slice(end + 1).join("\n") };
}
