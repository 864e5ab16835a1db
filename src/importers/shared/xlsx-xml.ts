import sax from "sax";

/** The plumbing of the xlsx reader's XML parts: strict parsing, element names, OOXML's string escapes. */

/** Refuses the workbook for a reason (naming the part), never returning. */
export type Refuse = (reason: string) => never;

/** Parses a whole XML part with strict sax, the handlers given; a malformed part is refused with its line. */
export function parseXml(
  xml: string,
  refuse: Refuse,
  handlers: {
    open?: (tag: sax.Tag) => void;
    close?: (name: string) => void;
    text?: (text: string) => void;
  },
): void {
  const parser = sax.parser(true, { trim: false, normalize: false });
  parser.onopentag = (tag) => handlers.open?.(tag as sax.Tag);
  parser.onclosetag = (name) => handlers.close?.(name);
  parser.ontext = (text) => handlers.text?.(text);
  parser.oncdata = (text) => handlers.text?.(text);
  try {
    parser.write(xml).close();
  } catch (error) {
    refuse(`not well-formed XML at line ${parser.line + 1}: ${(error as Error).message.split("\n")[0]}`);
  }
}

/** The local name of a possibly prefixed element (`x:row` → `row`). */
export const local = (name: string) => name.slice(name.indexOf(":") + 1);

/** OOXML escapes characters XML cannot hold as `_xHHHH_`. */
export function unescapeOoxml(text: string): string {
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) =>
    String.fromCharCode(Number.parseInt(hex, 16)),
  );
}

/**
 * Collects the text of `<t>` elements within each `item` element (a shared
 * string `si`, an inline string `is`), its rich-text runs joined and its
 * phonetic guides (`rPh`) left out.
 */
export class StringCollector {
  private depthInPhonetic = 0;
  private inText = false;
  private parts: string[] = [];

  open(name: string): void {
    if (name === "rPh") this.depthInPhonetic++;
    if (name === "t" && this.depthInPhonetic === 0) this.inText = true;
  }

  close(name: string): void {
    if (name === "rPh") this.depthInPhonetic--;
    if (name === "t") this.inText = false;
  }

  text(text: string): void {
    if (this.inText) this.parts.push(text);
  }

  take(): string {
    const text = unescapeOoxml(this.parts.join(""));
    this.parts = [];
    return text;
  }
}
