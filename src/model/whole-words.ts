/**
 * A pattern matching any of `words` as whole words, in any case (`global`
 * to replace each occurrence); null for no words. The words are literal
 * text: `bug bounty`, `Dana Whitfield`, `identity-team`.
 */
export function wholeWords(words: readonly string[], global = false): RegExp | null {
  if (words.length === 0) return null;
  const escaped = words.map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`\\b(?:${escaped.join("|")})\\b`, global ? "gi" : "i");
}
