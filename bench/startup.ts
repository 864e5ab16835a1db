/**
 * Start-up cost of the built CLI (`bin/secmetrics.js`, so `dist/` must be
 * built) beside `node -e 0`, the floor every Node.js command pays, measured
 * in the same run so that the ratios hold on a busy machine too.
 *
 * bash's `time` reports each child's wall, user and system time to the
 * millisecond (`/usr/bin/time` rounds to 10 ms, a fifth of what is
 * measured here). The commands take turns, round after round, so load that
 * comes and goes hits them all alike; one unrecorded round warms the page
 * cache.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";

const BIN = resolve("bin/secmetrics.js");
const TIMED = 'TIMEFORMAT="%3R %3U %3S"; time "$@" >/dev/null';

export interface StartupRow {
  command: string;
  wallMs: number;
  cpuMs: number;
  wallRatio: number;
  cpuRatio: number;
}

/** Medians of `runs` runs of each command, with ratios to `node -e 0`. */
export function measureStartup(runs: number, scratch: string): StartupRow[] {
  mkdirSync(scratch, { recursive: true });
  // An empty directory: no secmetrics.yaml of the caller's changes what is loaded, and
  // `imports` opens (and the warm-up round creates) a store of its own there.
  const cwd = mkdtempSync(join(scratch, "startup-"));
  const commands: [string, string[]][] = [
    ["node -e 0", ["-e", "0"]],
    ...[
      ["--version"],
      ["--help"],
      ["kpis", "--help"],
      ["import", "--help"],
      ["catalog", "--format", "json"],
      ["imports", "--format", "json"],
    ].map((args): [string, string[]] => [`secmetrics ${args.join(" ")}`, [BIN, ...args]]),
  ];
  const samples = commands.map(() => ({ wall: [] as number[], cpu: [] as number[] }));
  try {
    for (let round = -1; round < runs; round++) {
      commands.forEach(([, args], i) => {
        const { wallMs, cpuMs } = timeNode(args, cwd);
        if (round < 0) return;
        samples[i]?.wall.push(wallMs);
        samples[i]?.cpu.push(cpuMs);
      });
    }
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
  const medians = samples.map((s) => ({ wall: median(s.wall), cpu: median(s.cpu) }));
  const floor = medians[0] ?? { wall: Number.NaN, cpu: Number.NaN };
  return commands.map(([command], i) => {
    const { wall, cpu } = medians[i] ?? floor;
    return { command, wallMs: wall, cpuMs: cpu, wallRatio: wall / floor.wall, cpuRatio: cpu / floor.cpu };
  });
}

function timeNode(args: string[], cwd: string): { wallMs: number; cpuMs: number } {
  const run = spawnSync("bash", ["-c", TIMED, "bash", process.execPath, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", SECMETRICS_DB: "" },
  });
  if (run.error) throw new Error(`cannot run bash: ${run.error.message}`);
  // The report is the last line of stderr, after anything the command wrote there.
  const report = /(\d+\.\d+) (\d+\.\d+) (\d+\.\d+)\s*$/.exec(run.stderr);
  if (run.status !== 0 || !report)
    throw new Error(`node ${args.join(" ")} exited ${run.status}:\n${run.stderr}`);
  const [, real, user, sys] = report.map(Number);
  return { wallMs: (real ?? 0) * 1000, cpuMs: ((user ?? 0) + (sys ?? 0)) * 1000 };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

export function startupMarkdown(rows: readonly StartupRow[], runs: number): string {
  return [
    `| command (${runs} runs each) | wall, median | × \`node -e 0\` | CPU (user + sys), median | × \`node -e 0\` |`,
    "|---|--:|--:|--:|--:|",
    ...rows.map(
      (r) =>
        `| \`${r.command}\` | ${Math.round(r.wallMs)} ms | ${r.wallRatio.toFixed(2)} | ${Math.round(r.cpuMs)} ms | ${r.cpuRatio.toFixed(2)} |`,
    ),
  ].join("\n");
}
