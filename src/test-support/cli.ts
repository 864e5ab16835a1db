import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { vi } from "vitest";
import { main } from "../cli/main.ts";

const BIN = resolve("bin/secmetrics.js");

/** The importers' fixtures, to copy into a test's folder. */
export const IMPORTER_FIXTURES = resolve("src/importers");

/** Fails early with the fix when the CLI has not been built. */
export function requireBuiltCli(): void {
  if (!existsSync(resolve("dist/bundle/main.js")))
    throw new Error("dist/ is missing: run `npm run build` first");
}

/** Runs the built CLI as a user would, in `cwd`, without colour. */
export function secmetrics(cwd: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", SECMETRICS_DB: "" },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

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
