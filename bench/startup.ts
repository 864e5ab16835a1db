/**
 * Start-up cost of the built CLI (`bin/secmetrics.js`, so `dist/` must be
 * built) beside `node -e 0`, the floor every Node.js command pays, measured
 * in the same run so that the ratios hold on a busy machine too. With a
 * second built checkout, each command of each checkout takes its turn in the
 * same rounds: a before beside an after under the same load.
 *
 * bash's `time` reports each child's wall, user and system time to the
 * millisecond (`/usr/bin/time` rounds to 10 ms, a fifth of what is
 * measured here). The commands take turns, round after round, so load that
 * comes and goes hits them all alike; one unrecorded round warms the page
 * cache.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { timed } from "./timed.ts";

/** One sshd line: what the commands that open the store find there. */
const AUTH_LOG = "Sep  2 10:00:01 web sshd[100]: Failed password for root from 203.0.113.9 port 4000 ssh2\n";

export interface StartupRow {
  command: string;
  wallMs: number;
  /** The middle half of the runs' wall times: how much the load moved them. */
  wallQuartiles: [number, number];
  cpuMs: number;
  wallRatio: number;
  cpuRatio: number;
}

/** A built checkout whose CLI to time, by label (its commit). */
export interface Checkout {
  label: string;
  root: string;
}

/** Medians of `runs` runs of each command of each checkout, with ratios to `node -e 0`. */
export function measureStartup(runs: number, scratch: string, checkouts: readonly Checkout[]): StartupRow[] {
  mkdirSync(scratch, { recursive: true });
  // A directory of its own: no secmetrics.yaml of the caller's changes what is loaded.
  // It holds a one-line log, imported once before the rounds, so that the commands
  // that read the store find one; importing it again in the rounds finds it imported.
  const cwd = mkdtempSync(join(scratch, "startup-"));
  writeFileSync(join(cwd, "auth.log"), AUTH_LOG);
  const bin = (checkout: Checkout) => resolve(checkout.root, "bin/secmetrics.js");
  const [first] = checkouts;
  if (!first) throw new Error("no checkout to time");
  timeNode([bin(first), "import", "auth.log", "--year", "2026"], cwd);
  const commands: [string, string[]][] = [
    ["node -e 0", ["-e", "0"]],
    ...[
      ["--version"],
      ["--help"],
      ["kpis", "--help"],
      ["import", "--help"],
      ["catalog", "--format", "json"],
      ["imports", "--format", "json"],
      ["import", "auth.log", "--year", "2026"],
      ["kpis", "--format", "json"],
    ].flatMap((args) =>
      checkouts.map((checkout): [string, string[]] => [
        `secmetrics ${args.join(" ")}${checkouts.length > 1 ? ` (${checkout.label})` : ""}`,
        [bin(checkout), ...args],
      ]),
    ),
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
    const walls = samples[i]?.wall ?? [];
    return {
      command,
      wallMs: wall,
      wallQuartiles: [quantile(walls, 0.25), quantile(walls, 0.75)],
      cpuMs: cpu,
      wallRatio: wall / floor.wall,
      cpuRatio: cpu / floor.cpu,
    };
  });
}

function timeNode(args: string[], cwd: string): { wallMs: number; cpuMs: number } {
  return timed([process.execPath, ...args], cwd);
}

function median(values: number[]): number {
  return quantile(values, 0.5);
}

/** The `q` quantile, interpolated between the two nearest runs. */
function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const below = sorted[Math.floor(at)] ?? 0;
  const above = sorted[Math.ceil(at)] ?? 0;
  return below + (above - below) * (at - Math.floor(at));
}

export function startupMarkdown(rows: readonly StartupRow[], runs: number): string {
  return [
    `| command (${runs} runs each) | wall, median | wall, middle half | × \`node -e 0\` | CPU (user + sys), median | × \`node -e 0\` |`,
    "|---|--:|--:|--:|--:|--:|",
    ...rows.map(
      (r) =>
        `| \`${r.command}\` | ${Math.round(r.wallMs)} ms | ${r.wallQuartiles.map(Math.round).join("–")} ms | ${r.wallRatio.toFixed(2)} | ${Math.round(r.cpuMs)} ms | ${r.cpuRatio.toFixed(2)} |`,
    ),
  ].join("\n");
}
