/**
 * `npx tsx bench/auth-log.ts`: a ~1 GB OpenSSH auth log, imported with the
 * sshd importer into a fresh SQLite store, side by side with `grep -c` on the
 * same file. AUTH_LOG_MB scales the file (default 1024).
 *
 * The log is deterministic (a fixed-seed LCG) and uses real line shapes from
 * the loghub OpenSSH sample: failed passwords for valid and invalid users,
 * `Invalid user` lines with their PAM echo, `message repeated N times`,
 * accepted logins, and the connection noise (`Received disconnect`,
 * `Connection closed`, `pam_unix(sshd:session)`) that makes up most of a
 * real auth log. The import runs in a child process under `/usr/bin/time -v`
 * so its peak RSS is the kernel's figure.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { importFile } from "../src/app/import-file.ts";
import { openStore } from "../src/app/open-store.ts";
import { fileSource } from "../src/importers/file-source.ts";
import { generateAuthLog } from "./generate-auth-log.ts";

const OUT = resolve("bench/out");
const THIS_FILE = fileURLToPath(import.meta.url);
const TARGET_BYTES = Number(process.env.AUTH_LOG_MB ?? 1024) * 1024 * 1024;
const RESULT = "AUTH_BENCH ";
/** Child: import the log into a fresh SQLite store and print the figures. */
async function measureImport(log: string, db: string): Promise<void> {
  rmSync(db, { force: true });
  const store = await openStore(db);
  const started = process.hrtime.bigint();
  const outcome = await importFile(store, {
    source: fileSource(log),
    format: "sshd",
    options: { timezone: "UTC", year: 2026 },
    now: Date.now(),
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await store.close();
  process.stdout.write(`${RESULT}${JSON.stringify({ seconds, records: outcome.import.records })}\n`);
}

function timed(
  command: string,
  args: string[],
): { stdout: string; peakKb: number; wall: number; cpu: number } {
  const started = process.hrtime.bigint();
  const run = spawnSync("/usr/bin/time", ["-v", command, ...args], { encoding: "utf8", maxBuffer: 1 << 26 });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  const field = (name: string) =>
    Number(new RegExp(`${name}: ([\\d.]+)`).exec(run.stderr)?.[1] ?? Number.NaN);
  if (run.status !== 0) throw new Error(`${command} failed: ${run.stderr.slice(-2000)}`);
  return {
    stdout: run.stdout,
    peakKb: field("Maximum resident set size \\(kbytes\\)"),
    wall,
    cpu: field("User time \\(seconds\\)") + field("System time \\(seconds\\)"),
  };
}

async function main(): Promise<void> {
  const [mode, log, db] = process.argv.slice(2);
  if (mode === "import" && log && db) return measureImport(log, db);
  mkdirSync(OUT, { recursive: true });
  const path = join(OUT, `auth-${Math.round(TARGET_BYTES / 1024 / 1024)}m.log`);
  let lines: number;
  if (existsSync(path) && statSync(path).size >= TARGET_BYTES) {
    lines = Number(spawnSync("wc", ["-l", path], { encoding: "utf8" }).stdout.trim().split(/\s+/)[0]);
  } else {
    lines = await generateAuthLog(path, TARGET_BYTES);
  }
  const size = statSync(path).size;
  const grep = timed("grep", ["-c", "sshd\\[", path]);
  const grepFailed = timed("grep", ["-cE", "Failed password|message repeated", path]);
  const imported = timed("npx", ["tsx", THIS_FILE, "import", path, join(OUT, "auth-bench.db")]);
  const result = JSON.parse(
    imported.stdout
      .split("\n")
      .find((l) => l.startsWith(RESULT))
      ?.slice(RESULT.length) ?? "{}",
  );
  rmSync(join(OUT, "auth-bench.db"), { force: true });
  rmSync(join(OUT, "auth-bench.db-wal"), { force: true });
  rmSync(join(OUT, "auth-bench.db-shm"), { force: true });
  const mb = size / 1024 / 1024;
  const report = {
    file_mb: Number(mb.toFixed(1)),
    lines,
    grep_c_seconds: Number(grep.wall.toFixed(2)),
    grep_c_lines_per_second: Math.round(lines / grep.wall),
    grep_c_peak_mb: Number((grep.peakKb / 1024).toFixed(1)),
    grep_failed_seconds: Number(grepFailed.wall.toFixed(2)),
    import_seconds: Number(result.seconds.toFixed(1)),
    import_lines_per_second: Math.round(lines / result.seconds),
    import_mb_per_second: Number((mb / result.seconds).toFixed(1)),
    import_records: result.records,
    import_cpu_seconds: Number(imported.cpu.toFixed(1)),
    import_peak_rss_mb: Number((imported.peakKb / 1024).toFixed(1)),
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

await main();
