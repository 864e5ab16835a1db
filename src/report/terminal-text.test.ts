import { describe, expect, it } from "vitest";
import { terminalLines, terminalProblems, terminalSafeJson, terminalText } from "./terminal-text.ts";

describe("terminalText", () => {
  it.each([
    // C0: U+2400 + the code, so ESC (0x1b) → U+241B "␛" and BEL (0x07) → U+2407 "␇".
    ["\x1b]0;pwn\x07\x1b[2J", "␛]0;pwn␇␛[2J"],
    ["\x00", "␀"],
    ["a\tb", "a␉b"],
    ["line\r\nforged", "line␍␊forged"],
    ["\x1f", "␟"],
    // DEL has its own picture, U+2421.
    ["\x7f", "␡"],
    // C1 has no picture: its code point. 0x9b is a one-byte CSI.
    ["\x80", "<U+0080>"],
    ["\x9b2J", "<U+009B>2J"],
    ["\x9f", "<U+009F>"],
    // Bidi embeddings, overrides (U+202A–U+202E) and isolates (U+2066–U+2069).
    ["\u202aa\u202c", "<U+202A>a<U+202C>"],
    ["txt.\u202egpj", "txt.<U+202E>gpj"],
    ["\u2066\u2067\u2068\u2069", "<U+2066><U+2067><U+2068><U+2069>"],
    // Kept: printable ASCII, the characters just outside each range, and other scripts.
    [" ~", " ~"],
    ["\xa0é\u2029\u206a", "\xa0é\u2029\u206a"],
    ["CVE-2026-0001 — ▁▅█ 日本", "CVE-2026-0001 — ▁▅█ 日本"],
    ["", ""],
  ])("%j → %j", (text, shown) => {
    expect(terminalText(text)).toBe(shown);
  });
});

describe("terminalLines", () => {
  it("keeps line breaks and escapes every other control character", () => {
    expect(terminalLines("first\x1b[2J\nsecond\r\x07")).toBe("first␛[2J\nsecond␍␇");
  });
});

describe("terminalProblems", () => {
  it("escapes the file name and each reason, and keeps its own newlines between problems", () => {
    const problems = [
      { line: 2, reason: 'unknown severity "x\x1b[2J"' },
      { line: 3, reason: "a\nb" },
      { line: 4, reason: "ok" },
    ];
    expect(terminalProblems("bad\x07.csv", problems, 2)).toBe(
      'bad␇.csv:2: unknown severity "x␛[2J"\nbad␇.csv:3: a␊b\n… and 1 more',
    );
  });
});

describe("terminalSafeJson", () => {
  it("escapes DEL, C1 and bidi controls inside strings, and parses back to the same value", () => {
    const value = { title: "a\x7fb\x9bc\u202ed\u2066e ✓" };
    const json = terminalSafeJson(JSON.stringify(value));
    expect(json).toBe('{"title":"a\\u007fb\\u009bc\\u202ed\\u2066e ✓"}');
    expect(JSON.parse(json)).toEqual(value);
  });
});
