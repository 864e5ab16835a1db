import { describe, expect, it } from "vitest";
import { wholeWords } from "./whole-words.ts";

describe("whole words", () => {
  it.each([
    [["audit"], "An AUDIT finding", true],
    [["audit"], "The auditorium", false],
    [["bug bounty"], "Top up the bug bounty.", true],
    [["a.b"], "aXb", false],
    [["identity-team"], "(prevent, identity-team)", true],
  ])("%j in %s: %s", (words, text, found) => {
    expect(wholeWords(words)?.test(text)).toBe(found);
  });

  it("is null for no words, and replaces each occurrence when global", () => {
    expect(wholeWords([])).toBeNull();
    expect("Lee and lee".replace(wholeWords(["Lee"], true) as RegExp, "[redacted]")).toBe(
      "[redacted] and [redacted]",
    );
  });
});
