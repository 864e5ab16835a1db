import { type CountedProblems, countedProblems, formatProblems, type InputProblem } from "../model/errors.ts";

/**
 * The characters a terminal acts on rather than shows: C0 controls (ESC
 * starts a sequence that can retitle or clear the window, BEL ends one, a
 * newline or CR can forge an output line), DEL, the C1 controls (0x9B is a
 * one-byte CSI on some terminals), and the bidirectional embeddings,
 * overrides and isolates that reorder what a reader sees.
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const CONTROL_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * A C0 control or DEL as its Unicode control picture (ESC → ␛, BEL → ␇,
 * newline → ␊, DEL → ␡), one column wide like a letter; any other as
 * `<U+XXXX>` (C1 and the bidi controls have no picture).
 */
function visible(char: string): string {
  const code = char.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return "\u2421";
  return `<U+${code.toString(16).toUpperCase().padStart(4, "0")}>`;
}

/**
 * Imported text (a title, a rule, a file name) made safe to print on a
 * terminal: each control character shown visibly instead of acted on, so a
 * reader sees that something was there. Everything else is kept as is.
 */
export function terminalText(text: string): string {
  return text.replace(CONTROL, visible);
}

/**
 * Like `terminalText`, keeping line breaks: for text we compose of lines (an
 * error message, a stack), where a newline is ours. A line break inside
 * imported text then breaks the line too, but nothing in it runs.
 */
export function terminalLines(text: string): string {
  return text.replace(CONTROL_BUT_NEWLINE, visible);
}

/** `file:line: reason` lines with the file name and each reason escaped, the newlines between them ours. */
export function terminalProblems(
  file: string,
  problems: readonly InputProblem[] | CountedProblems,
  limit?: number,
): string {
  const { first, total } = countedProblems(problems);
  const shown = first.map((problem) => ({ line: problem.line, reason: terminalText(problem.reason) }));
  return formatProblems(terminalText(file), { first: shown, total }, limit);
}

/** What `JSON.stringify` leaves raw that a terminal acts on: DEL, C1 and the bidi controls (it escapes C0). */
const RAW_IN_JSON = /[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * JSON text with the controls `JSON.stringify` leaves raw written as `\uXXXX`
 * escapes: the same value for any parser, and nothing a terminal acts on when
 * the JSON is printed. They can only stand inside strings, where an escape
 * is valid.
 */
export function terminalSafeJson(json: string): string {
  return json.replace(RAW_IN_JSON, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
