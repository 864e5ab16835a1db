import type { Readable } from "node:stream";
import type sax from "sax";
import { InvalidInputError } from "../../model/errors.ts";
import { lineOfOffset, notUtf8, Utf8Stream } from "./encoding.ts";

/**
 * Feeds `input` to a sax `parser` whose handlers push what they read to
 * `ready`, and yields it chunk by chunk, so an XML report of any size
 * streams. Input that is not UTF-8 or not well-formed XML is refused,
 * naming the line.
 */
export async function* streamXml<Item>(
  input: Readable,
  file: string,
  parser: sax.SAXParser,
  ready: Item[],
): AsyncIterable<Item> {
  let failure: { line: number; reason: string } | null = null;
  parser.onerror = (error) => {
    failure ??= { line: parser.line + 1, reason: `not well-formed XML: ${error.message.split("\n")[0]}` };
    throw error;
  };
  const decoder = new TextDecoder("utf-8");
  const utf8 = new Utf8Stream();
  try {
    for await (const chunk of input) {
      const bytes: Buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      const bad = utf8.check(bytes);
      // The chunk begins on the parser's current line.
      if (bad) failure = { line: parser.line + lineOfOffset(bytes, bad.at), reason: notUtf8(bad.byte) };
      if (failure) break;
      parser.write(decoder.decode(bytes, { stream: true }));
      yield* ready.splice(0);
    }
    if (utf8.cut)
      failure ??= { line: parser.line + 1, reason: "not UTF-8 text (the file ends inside a character)" };
    if (!failure) parser.write(decoder.decode()).close();
  } catch (error) {
    if (!failure) throw error;
  }
  if (failure) throw new InvalidInputError(file, [failure]);
  yield* ready.splice(0);
}
