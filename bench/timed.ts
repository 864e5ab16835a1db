import { spawnSync } from "node:child_process";

/** bash's `time` to the millisecond (`/usr/bin/time` rounds to 10 ms); the command's stdout is dropped. */
const TIMED = 'TIMEFORMAT="%3R %3U %3S"; time "$@" >/dev/null';

/**
 * One whole process, its wall time and the CPU time (user + system) of it
 * and its children. It runs with no colour and no SECMETRICS_DB of the
 * caller's, in `cwd` (a directory without a secmetrics.yaml).
 */
export function timed(argv: readonly string[], cwd: string): { wallMs: number; cpuMs: number } {
  const run = spawnSync("bash", ["-c", TIMED, "bash", ...argv], {
    cwd,
    encoding: "utf8",
    maxBuffer: 64 << 20,
    env: { ...process.env, NO_COLOR: "1", SECMETRICS_DB: "" },
  });
  if (run.error) throw new Error(`cannot run bash: ${run.error.message}`);
  // The report is the last line of stderr, after anything the command wrote there.
  const report = /(\d+\.\d+) (\d+\.\d+) (\d+\.\d+)\s*$/.exec(run.stderr);
  if (run.status !== 0 || !report) throw new Error(`${argv.join(" ")} exited ${run.status}:\n${run.stderr}`);
  const [, real, user, sys] = report.map(Number);
  return { wallMs: (real ?? 0) * 1000, cpuMs: ((user ?? 0) + (sys ?? 0)) * 1000 };
}
