/**
 * `npm run snapshot:outputs -- <dir>`: every number secmetrics shows for the
 * demo store, frozen as JSON, so that a refactor can be shown to change none.
 * `npm run snapshot:outputs -- --compare <dirA> <dirB>` diffs two snapshots.
 *
 *   npm run snapshot:outputs -- /tmp/before              # this checkout, SQLite and PostgreSQL
 *   npm run snapshot:outputs -- /tmp/after --repo ../other-checkout
 *   npm run snapshot:outputs -- --compare /tmp/before /tmp/after
 *
 * secmetrics is a black box here, so the script runs unchanged on later
 * commits: the demo data comes from `scripts/demo-data.ts <dir>` (what it
 * prints: `scripts/demo-listing.ts`) and goes through the built CLI
 * (`dist/cli/main.js`, whose `main(argv)` is the one `bin/secmetrics.js`
 * calls in the bundle) as `npm run demo` imports it: its files in one
 * `import`, then each folder and API pull that says no time of its own in an
 * `import --scanned-at` of its own. What the demo does after its imports
 * (the tracker links, the trust evidence, the quarterly review record) is
 * not replayed, so the trust metrics stay without data here.
 * `kpis --format json`, `report iteration --format json` and `report
 * scorecard --format json` are written for every period to
 * `<dir>/<engine>/<period>/<kpis|report-iteration|report-scorecard>.json`:
 * every month, quarter, ISO week and sprint of the demo year up to NOW below
 * (January to the running November), and `default` (no `--period`: the last
 * complete month, the demo's 2026-10). The CLI runs in this process: a
 * process per output starts in over a second, five minutes per engine.
 *
 * The clock. The CLI has no override of "now", and a past period still
 * depends on it: the open age of an incident still open is measured to now
 * (`oldest_open_age` of mtta, mttr, mttrec), and the default period, running
 * periods and stale judgement all read it. So `Date.now` is pinned to NOW
 * while the outputs are computed (the store's data is not touched). The
 * import itself runs on the real clock, as a user's does.
 *
 * Fields normalized, found by snapshotting one commit twice with `--raw`
 * (no normalization) and comparing; only the first differed:
 *   - `last_import_at` (each metric of `kpis`): the instant the demo was
 *     imported, not a computed number. A non-null value becomes
 *     "<import instant>"; null (source never imported) stays null.
 *   - `generated_at` (top of each output): the generation time. It is NOW
 *     under the pinned clock, but is replaced anyway so that snapshots taken
 *     with another NOW still compare.
 * Everything else, stale judgement included, depends only on the data and
 * NOW (the import is always later than NOW, so nothing turns stale).
 *
 * PostgreSQL: database `snapshot` on the server of `--pg` (default
 * postgres://postgres@127.0.0.1:5432/snapshot), dropped and created at the
 * start of each run, so a run never meets another's data nor the tests'
 * `test` database. `--engines sqlite` skips PostgreSQL; `--no-build` skips
 * `npm run build` in the checkout.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import pg from "pg";
import { parse as parseYaml } from "yaml";
import { type DemoListing, parseDemoListing } from "./demo-listing.ts";

/** The pinned clock: in November 2026, so the default period is the demo's 2026-10 and November runs. */
const NOW = Date.parse("2026-11-04T12:00:00.000Z");
const YEAR = 2026;
const OUTPUTS = {
  kpis: ["kpis", "--format", "json"],
  "report-iteration": ["report", "iteration", "--format", "json"],
  "report-scorecard": ["report", "scorecard", "--format", "json"],
} as const;
/** What `--raw` keeps and a normal run replaces; the header says why each. */
const IMPORT_INSTANT_FIELDS = new Set(["last_import_at"]);
const GENERATION_FIELDS = new Set(["generated_at"]);
const MANIFEST = "manifest.json";
const DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/snapshot";
const ENGINES = ["sqlite", "postgres"] as const;
type Engine = (typeof ENGINES)[number];
type CliMain = (argv: readonly string[]) => Promise<void>;

interface Options {
  out: string;
  repo: string;
  engines: Engine[];
  pg: string;
  build: boolean;
  raw: boolean;
}

const args = process.argv.slice(2);
if (args[0] === "--compare") {
  if (args.length !== 3) usage();
  process.exitCode = compare(resolve(args[1] as string), resolve(args[2] as string));
} else {
  await snapshot(parseOptions(args));
}

function usage(): never {
  console.error(`usage: output-snapshot <dir> [--repo <checkout>] [--engines sqlite,postgres] [--pg <url>] [--no-build] [--raw]
       output-snapshot --compare <dirA> <dirB>`);
  process.exit(64);
}

function parseOptions(argv: string[]): Options {
  const options: Partial<Options> = {
    repo: resolve(dirname(fileURLToPath(import.meta.url)), ".."),
    engines: [...ENGINES],
    pg: DEFAULT_PG,
    build: true,
    raw: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const value = () => argv[++i] ?? usage();
    if (arg === "--repo") options.repo = resolve(value());
    else if (arg === "--pg") options.pg = value();
    else if (arg === "--no-build") options.build = false;
    else if (arg === "--raw") options.raw = true;
    else if (arg === "--engines") {
      const engines = value().split(",");
      if (!engines.every((e): e is Engine => (ENGINES as readonly string[]).includes(e))) usage();
      options.engines = engines;
    } else if (arg.startsWith("-") || options.out) usage();
    else options.out = resolve(arg);
  }
  if (!options.out) usage();
  return options as Options;
}

// ---------------------------------------------------------------------------
// Snapshot

async function snapshot(options: Options): Promise<void> {
  const started = performance.now();
  if (options.build) execFileSync("npm", ["run", "build"], { cwd: options.repo, stdio: "inherit" });
  const work = mkdtempSync(join(tmpdir(), "secmetrics-snapshot-"));
  try {
    const demo = demoData(options.repo, join(work, "data"));
    const { main } = (await import(pathToFileURL(join(options.repo, "dist/cli/main.js")).href)) as {
      main: CliMain;
    };
    clearSnapshot(options.out);
    const periods = snapshotPeriods(demo.config);
    for (const engine of options.engines) {
      const url = engine === "sqlite" ? join(work, "secmetrics.db") : await freshPostgres(options.pg);
      const cli = (...command: string[]) => run(main, ["--db", url, "--config", demo.config, ...command]);
      await cli("import", "--no-progress", ...demo.files);
      for (const { path, scannedAt } of demo.timed)
        await cli("import", "--no-progress", "--scanned-at", scannedAt, path);
      for (const period of periods) {
        for (const [name, command] of Object.entries(OUTPUTS)) {
          const file = join(work, "out.json");
          const periodArgs = period === "default" ? [] : ["--period", period];
          await withClock(NOW, () => cli(...command, ...periodArgs, "--out", file));
          const value = JSON.parse(readFileSync(file, "utf8")) as unknown;
          const target = join(options.out, engine, period, `${name}.json`);
          mkdirSync(dirname(target), { recursive: true });
          writeFileSync(target, `${JSON.stringify(options.raw ? value : normalize(value), null, 2)}\n`);
        }
      }
      console.log(`${engine}: ${periods.length * Object.keys(OUTPUTS).length} files`);
    }
    writeFileSync(
      join(options.out, MANIFEST),
      `${JSON.stringify(
        {
          commit: git(options.repo, "rev-parse", "HEAD"),
          dirty: git(options.repo, "status", "--porcelain", "--untracked-files=no") !== "",
          taken_at: new Date().toISOString(),
          now: new Date(NOW).toISOString(),
          engines: options.engines,
          periods,
          normalized: options.raw ? [] : [...IMPORT_INSTANT_FIELDS, ...GENERATION_FIELDS],
        },
        null,
        2,
      )}\n`,
    );
    console.log(`snapshot in ${options.out} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Empties an earlier snapshot; refuses any other non-empty folder, since it is removed whole. */
function clearSnapshot(dir: string): void {
  const entries = statSync(dir, { throwIfNoEntry: false }) ? readdirSync(dir) : [];
  if (entries.length > 0 && !entries.includes(MANIFEST)) {
    throw new Error(`${dir} is not empty and holds no ${MANIFEST}: not a snapshot to replace`);
  }
  rmSync(dir, { recursive: true, force: true });
}

/** The demo's data and config, through the generator's own command line (`scripts/demo-listing.ts`). */
function demoData(repo: string, dir: string): DemoListing {
  const printed = spawnSync("npx", ["tsx", "scripts/demo-data.ts", dir], { cwd: repo, encoding: "utf8" });
  if (printed.status !== 0) throw new Error(`scripts/demo-data.ts failed:\n${printed.stderr}`);
  return parseDemoListing(printed.stdout, printed.stderr);
}

/** Months, quarters, ISO weeks and sprints of the demo year up to NOW, and the CLI's default. */
function snapshotPeriods(config: string): string[] {
  const now = new Date(NOW);
  const lastMonth = now.getUTCMonth() + 1;
  const months = range(1, lastMonth).map((m) => `${YEAR}-${pad(m)}`);
  const quarters = range(1, Math.ceil(lastMonth / 3)).map((q) => `${YEAR}-Q${q}`);
  const weeks = range(1, isoWeek(now)).map((w) => `${YEAR}-W${pad(w)}`);
  return ["default", ...months, ...quarters, ...weeks, ...iterations(config)];
}

/** The iteration names of the demo's config: its sprints. */
function iterations(config: string): string[] {
  const parsed = parseYaml(readFileSync(config, "utf8")) as { iterations?: { name: string }[] } | null;
  return (parsed?.iterations ?? []).map((iteration) => iteration.name);
}

function isoWeek(date: Date): number {
  const thursday = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  thursday.setUTCDate(thursday.getUTCDate() + 3 - ((thursday.getUTCDay() + 6) % 7));
  const firstThursday = new Date(Date.UTC(thursday.getUTCFullYear(), 0, 4));
  return 1 + Math.round((thursday.getTime() - firstThursday.getTime()) / (7 * 86_400_000) - 0.5);
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

async function freshPostgres(url: string): Promise<string> {
  const name = new URL(url).pathname.slice(1);
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`--pg: unusable database name "${name}"`);
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`drop database if exists ${name} with (force)`);
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  return url;
}

/** One CLI command; its chatter is kept back unless it fails. */
async function run(main: CliMain, argv: string[]): Promise<void> {
  const output: string[] = [];
  const writes = { out: process.stdout.write, err: process.stderr.write };
  const keep = (chunk: string | Uint8Array) => {
    output.push(String(chunk));
    return true;
  };
  process.stdout.write = keep as typeof process.stdout.write;
  process.stderr.write = keep as typeof process.stderr.write;
  try {
    await main(["node", "secmetrics", ...argv]);
  } finally {
    process.stdout.write = writes.out;
    process.stderr.write = writes.err;
  }
  if (process.exitCode) {
    throw new Error(`secmetrics ${argv.join(" ")} exited ${process.exitCode}:\n${output.join("")}`);
  }
}

async function withClock<T>(now: number, body: () => Promise<T>): Promise<T> {
  const realNow = Date.now;
  Date.now = () => now;
  try {
    return await body();
  } finally {
    Date.now = realNow;
  }
}

function normalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalize);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, field]) => {
      if (field !== null && IMPORT_INSTANT_FIELDS.has(key)) return [key, "<import instant>"];
      if (field !== null && GENERATION_FIELDS.has(key)) return [key, "<generation time>"];
      return [key, normalize(field)];
    }),
  );
}

function git(repo: string, ...command: string[]): string {
  return execFileSync("git", command, { cwd: repo, encoding: "utf8" }).trim();
}

// ---------------------------------------------------------------------------
// Compare

/** Exit code 0 when every snapshot file is identical, 1 otherwise. */
function compare(a: string, b: string): number {
  for (const dir of [a, b]) {
    const manifest = join(dir, MANIFEST);
    const about = statSync(manifest, { throwIfNoEntry: false })
      ? (JSON.parse(readFileSync(manifest, "utf8")) as {
          commit?: string;
          dirty?: boolean;
          taken_at?: string;
        })
      : {};
    console.log(
      `${dir}: commit ${about.commit ?? "?"}${about.dirty ? " (dirty)" : ""}, ${about.taken_at ?? "?"}`,
    );
  }
  const filesA = jsonFiles(a);
  const filesB = new Set(jsonFiles(b));
  let identical = 0;
  let differing = 0;
  for (const file of filesA) {
    if (!filesB.has(file)) {
      console.log(`only in ${a}: ${file}`);
      differing++;
      continue;
    }
    filesB.delete(file);
    const paths: string[] = [];
    diff(readJson(join(a, file)), readJson(join(b, file)), "$", paths);
    if (paths.length === 0) {
      identical++;
      continue;
    }
    differing++;
    console.log(`${file}: ${paths.length} difference${paths.length === 1 ? "" : "s"}`);
    for (const path of paths.slice(0, 5)) console.log(`  ${path}`);
    if (paths.length > 5) console.log(`  … and ${paths.length - 5} more`);
  }
  for (const file of filesB) {
    console.log(`only in ${b}: ${file}`);
    differing++;
  }
  console.log(`${identical} files identical, ${differing} differ or are missing`);
  return differing === 0 ? 0 : 1;
}

function jsonFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".json") && path !== join(root, MANIFEST))
        found.push(relative(root, path));
    }
  };
  walk(root);
  return found.sort();
}

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, "utf8"));
}

/** Pushes the JSON path of every difference: a changed leaf, a missing key or a changed array length. */
function diff(a: unknown, b: unknown, path: string, out: string[]): void {
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) out.push(`${path}: length ${a.length} → ${b.length}`);
    for (let i = 0; i < Math.min(a.length, b.length); i++) diff(a[i], b[i], `${path}[${i}]`, out);
    return;
  }
  if (isObject(a) && isObject(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const child = `${path}.${key}`;
      if (!(key in b)) out.push(`${child}: only in A`);
      else if (!(key in a)) out.push(`${child}: only in B`);
      else diff(a[key], b[key], child, out);
    }
    return;
  }
  if (a !== b) out.push(`${path}: ${JSON.stringify(a)} → ${JSON.stringify(b)}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
