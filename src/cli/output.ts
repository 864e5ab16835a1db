import { createWriteStream, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { SecmetricsError } from "../model/errors.ts";
import { terminalSafeJson } from "../report/terminal-text.ts";

export const DATA_FORMATS = ["table", "json"] as const;

export function checkChoice<T extends string>(option: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new SecmetricsError(
      "invalid_argument",
      `--${option} must be one of ${allowed.join(", ")} (got "${value}")`,
    );
  }
  return value as T;
}

/** Writes to `--out` when given, else to stdout. */
export function emit(text: string, out: string | undefined): void {
  if (!out) {
    process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
    return;
  }
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, text);
  process.stderr.write(`wrote ${out}\n`);
}

/**
 * Streams `chunks` to `out` through a temporary file renamed at the end, so
 * a failure halfway leaves no truncated file that looks complete.
 */
export async function emitStream(chunks: AsyncIterable<string>, out: string): Promise<void> {
  mkdirSync(dirname(out), { recursive: true });
  const partial = `${out}.partial`;
  try {
    await pipeline(Readable.from(chunks), createWriteStream(partial));
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
  renameSync(partial, out);
  process.stderr.write(`wrote ${out}\n`);
}

/** `--format json` output: exact, with the controls a terminal would act on escaped. */
export function json(value: unknown): string {
  return `${terminalSafeJson(JSON.stringify(value, null, 2))}\n`;
}
