import { isUtf8 } from "node:buffer";
import { SecmetricsError } from "../../model/errors.ts";

/**
 * secmetrics reads UTF-8 only. UTF-16 (what Windows tools and PowerShell's
 * `>` write) is refused by name, and bytes that are not UTF-8 are never
 * replaced silently: the readers name the line they are on.
 */

const NEWLINE = 0x0a;

/** The UTF-16 byte order of a file's first bytes: by byte-order mark, or by the NULs of ASCII text. */
export function utf16Of(head: Uint8Array): { order: "LE" | "BE"; bom: boolean } | undefined {
  if (head[0] === 0xff && head[1] === 0xfe) return { order: "LE", bom: true };
  if (head[0] === 0xfe && head[1] === 0xff) return { order: "BE", bom: true };
  // ASCII in UTF-16 is a NUL beside every character; a zero-filled file has NULs on both sides.
  const pairs = Math.min(head.length, 512) >> 1;
  if (pairs < 2) return undefined;
  let little = 0;
  let big = 0;
  for (let i = 0; i < pairs; i++) {
    const first = head[2 * i] ?? 0;
    const second = head[2 * i + 1] ?? 0;
    if (first !== 0 && second === 0) little++;
    else if (first === 0 && second !== 0) big++;
  }
  if (little * 4 >= pairs * 3) return { order: "LE", bom: false };
  if (big * 4 >= pairs * 3) return { order: "BE", bom: false };
  return undefined;
}

/** Refuses UTF-16 text by name, with the command that converts it. */
export function refuseUtf16(head: Uint8Array, file: string): void {
  const utf16 = utf16Of(head);
  if (!utf16) return;
  // iconv reads the byte order from a mark; without one it must be told.
  const from = utf16.bom ? "UTF-16" : `UTF-16${utf16.order}`;
  throw new SecmetricsError(
    "invalid_input",
    `${file}: UTF-16 text; secmetrics reads UTF-8 (convert it with iconv -f ${from} -t UTF-8)`,
  );
}

/** Offset of the first byte of `bytes[from, to)` that is not UTF-8, or -1; a character cut at `to` is invalid. */
export function firstInvalidUtf8(bytes: Uint8Array, from = 0, to = bytes.length): number {
  if (isUtf8(bytes.subarray(from, to))) return -1;
  for (let i = from; i < to; ) {
    const lead = bytes[i] ?? 0;
    if (lead < 0x80) {
      i++;
      continue;
    }
    const length = sequenceLength(lead);
    if (length === 0 || i + length > to) return i;
    // The second byte's range rules out overlong forms, surrogates and code points past U+10FFFF.
    const second = bytes[i + 1] ?? 0;
    const [low, high] =
      lead === 0xe0
        ? [0xa0, 0xbf]
        : lead === 0xed
          ? [0x80, 0x9f]
          : lead === 0xf0
            ? [0x90, 0xbf]
            : lead === 0xf4
              ? [0x80, 0x8f]
              : [0x80, 0xbf];
    if (second < low || second > high) return i;
    for (let k = 2; k < length; k++) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    i += length;
  }
  return -1;
}

/** Bytes in a sequence that starts with `lead`; 0 when it starts none. */
function sequenceLength(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/** What a problem says of a byte that is not UTF-8. */
export function notUtf8(byte: number): string {
  return `not UTF-8 text (byte 0x${byte.toString(16).toUpperCase().padStart(2, "0")})`;
}

/** The 1-based line of `offset` in `bytes`. */
export function lineOfOffset(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = bytes.indexOf(NEWLINE); i >= 0 && i < offset; i = bytes.indexOf(NEWLINE, i + 1)) line++;
  return line;
}

/**
 * Checks a stream chunk by chunk: a character cut at the end of a chunk is
 * held and checked with the next one, so only real invalid bytes count.
 */
export class Utf8Stream {
  private held: Buffer = Buffer.alloc(0);

  /** The first byte of `chunk` that is not UTF-8 (at 0 when it is of the held character), or undefined. */
  check(chunk: Buffer): { at: number; byte: number } | undefined {
    const held = this.held.length;
    const bytes = held > 0 ? Buffer.concat([this.held, chunk]) : chunk;
    const end = bytes.length - cutCharacter(bytes);
    this.held = Buffer.from(bytes.subarray(end));
    const bad = firstInvalidUtf8(bytes, 0, end);
    return bad < 0 ? undefined : { at: Math.max(0, bad - held), byte: bytes[bad] ?? 0 };
  }

  /** Whether the input ended inside a character. */
  get cut(): boolean {
    return this.held.length > 0;
  }
}

/** Bytes at the end of `bytes` that begin a character and do not finish it. */
function cutCharacter(bytes: Uint8Array): number {
  for (let back = 1; back <= 3 && back <= bytes.length; back++) {
    const byte = bytes[bytes.length - back] ?? 0;
    if ((byte & 0xc0) === 0x80) continue;
    return sequenceLength(byte) > back ? back : 0;
  }
  return 0;
}
