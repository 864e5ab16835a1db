import { vi } from "vitest";
import { main } from "../cli/main.ts";

/** Runs the CLI in-process on store `db` and returns what it printed and its exit code. */
export async function runCli(db: string, ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => out.push(String(chunk)) > 0);
  const stderr = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => err.push(String(chunk)) > 0);
  process.exitCode = undefined;
  try {
    await main(["node", "secmetrics", "--db", db, ...args]);
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
  const code = process.exitCode ?? 0;
  process.exitCode = undefined;
  return { code, stdout: out.join(""), stderr: err.join("") };
}
