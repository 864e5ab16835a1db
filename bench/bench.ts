/**
 * `npm run bench`: the CLI's start-up beside `node -e 0` (see startup.ts),
 * then import and kpis timings on generated inputs, with peak memory.
 * `npm run bench -- startup` runs the start-up section alone, `npm run bench --
 * long-lines` the files without a newline (see long-lines.ts) alone, `npm run
 * bench -- kpis` the section of `kpis` beside plain SQL (kpis-vs-sql.ts) alone,
 * `npm run bench -- scale` import and kpis at 1M and 10M alerts (scale.ts),
 * which the full run leaves out (it takes tens of minutes and ~5 GB of free disk).
 * The full run ends with the goals (goals.ts): each import as a whole CLI
 * process beside its yardstick in paired rounds, with the start-up and kpis
 * rows, as ratios; `npm run bench -- goals` runs its imports alone.
 *
 * Every measured step runs in its own child process under `/usr/bin/time -v`;
 * peak memory is that process's maximum resident set size as the kernel
 * counts it. In one long-lived process one step's garbage would inflate the
 * next step's peak, and 50 ms sampling can miss a short spike. Wall time is
 * taken inside the child around the measured call only (node + tsx start-up
 * excluded); CPU time (user + system) is the whole child's, start-up
 * included, and is what to compare on a busy machine. The baseline row is the
 * start-up alone.
 *
 * Environment: SECMETRICS_BENCH_PG (default postgres://postgres@127.0.0.1:5432/postgres)
 * is the PostgreSQL server where a fresh database is created and dropped;
 * BENCH_ALERTS scales the large alert file down for a quick run;
 * BENCH_STARTUP_RUNS (default 21) is how often each start-up is timed;
 * BENCH_LONG_LINE_RUNS (default 3) how often each file without a newline is imported;
 * BENCH_KPIS_RUNS (default 9) how many rounds `kpis` and its SQL yardstick
 * take turns for; BENCH_COMPARE_CHECKOUT another built checkout whose start-up
 * and `kpis` take their turns in the same rounds (a before beside an after);
 * BENCH_GOAL_ROUNDS (default 3) how many paired rounds each goal's import takes,
 * BENCH_AUTH_LOG_MB (default 57, about 600,000 lines) the auth log's size there;
 * BENCH_SCALE_ALERTS (default 10,000,000) the larger size of the scale section,
 * BENCH_SCALE_PROFILE a directory where its children write `node --cpu-prof`
 * profiles, and BENCH_SCALE_KEEP=1 keeps its larger stores for a closer look.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { loadavg } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { computeKpis } from "../src/app/compute-kpis.ts";
import { importFile } from "../src/app/import-file.ts";
import { openStore } from "../src/app/open-store.ts";
import { parseConfig } from "../src/config/load.ts";
import { fileSource } from "../src/importers/file-source.ts";
import { SecmetricsError } from "../src/model/errors.ts";
import { generateAlertsCsv, generateIncidentsCsv } from "./generate.ts";
import { generateAuthLog } from "./generate-auth-log.ts";
import { goalOf, goalsMarkdown, measureGoals, postgresOverSqlite } from "./goals.ts";
import { type KpisVsSqlRow, kpisVsSqlMarkdown, measureKpisVsSql } from "./kpis-vs-sql.ts";
import {
  LONG_LINE_FORMATS,
  LONG_LINE_SIZES_MB,
  type LongLineRow,
  longLinesMarkdown,
  zeroFile,
} from "./long-lines.ts";
import { SCALE_BASE_ALERTS, SCALE_KPI_RUNS, type ScaleRow, scaleMarkdown } from "./scale.ts";
import { type Checkout, measureStartup, type StartupRow, startupMarkdown } from "./startup.ts";
import { psqlCopy, sqlite3Import } from "./yardsticks.ts";

const OUT = resolve("bench/out");
const THIS_FILE = fileURLToPath(import.meta.url);
const ALERTS = Number(process.env.BENCH_ALERTS ?? 1_000_000);
const ALERTS_SMALL = Math.round(ALERTS / 4);
const INCIDENTS = 50_000;
const NOW = Date.parse("2026-11-01T00:00:00Z");
const PERIOD = "2026-10";
const KPI_RUNS = 5;
const PG_ADMIN_URL = process.env.SECMETRICS_BENCH_PG ?? "postgres://postgres@127.0.0.1:5432/postgres";
const RESULT_PREFIX = "BENCH_RESULT ";
const STARTUP_RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 21);
const LONG_LINE_RUNS = Number(process.env.BENCH_LONG_LINE_RUNS ?? 3);
const KPIS_INCIDENTS = 20_000;
const KPIS_RUNS = Number(process.env.BENCH_KPIS_RUNS ?? 9);
const KPIS_HISTORY = 6;
const SCALE_ALERTS = Number(process.env.BENCH_SCALE_ALERTS ?? 10_000_000);
const SCALE_PROFILE = process.env.BENCH_SCALE_PROFILE;
const GOAL_ROUNDS = Number(process.env.BENCH_GOAL_ROUNDS ?? 3);
/** About 600,000 lines of auth log by default. */
const AUTH_LOG_BYTES = Number(process.env.BENCH_AUTH_LOG_MB ?? 57) * 1024 * 1024;

/** What a child prints: the duration of each measured call. */
interface ChildResult {
  ms: number[];
  /** How an import that may be refused ended: the error's first line, or "imported". */
  outcome?: string;
}

interface Run {
  wallMs: number;
  cpuMs: number;
  peakRssMb: number;
  stdout: string;
  stderr: string;
}

interface Measurement {
  step: string;
  rows: number | null;
  ms: number | null;
  cpuMs: number | null;
  peakRssMb: number | null;
  note: string;
}

if (process.argv[2] === "--child") {
  await child(process.argv.slice(3));
} else if (process.argv[2] === "long-lines") {
  longLines();
} else if (process.argv[2] === "kpis") {
  await kpisVsSql();
} else if (process.argv[2] === "scale") {
  await scale();
} else if (process.argv[2] === "goals") {
  await goals([], []);
} else {
  const started = startup();
  if (process.argv[2] !== "startup") {
    await main();
    longLines();
    await goals(started, await kpisVsSql());
  }
}

function startup(): StartupRow[] {
  const loadBefore = loadavg()[0] ?? 0;
  console.log(`start-up of the built CLI, ${STARTUP_RUNS} runs each:\n`);
  const rows = measureStartup(STARTUP_RUNS, OUT, checkoutsToTime());
  console.log(startupMarkdown(rows, STARTUP_RUNS));
  console.log(`\nnode ${process.version}, ${loadAverages(loadBefore)}\n`);
  return rows;
}

/**
 * The goals, each a ratio to its yardstick in the same run: the imports
 * measured here in paired rounds, with the start-up and kpis rows measured
 * before (`npm run bench -- goals` runs the imports alone).
 */
async function goals(started: readonly StartupRow[], kpis: readonly KpisVsSqlRow[][]): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const alertsFile = join(OUT, `alerts-${ALERTS}.csv`);
  generateAlertsCsv(alertsFile, ALERTS, INCIDENTS);
  const authLogFile = join(OUT, "auth-goals.log");
  const authLog = { file: authLogFile, lines: await generateAuthLog(authLogFile, AUTH_LOG_BYTES) };
  const pgAdminUrl = await admin("select 1").then(
    () => PG_ADMIN_URL,
    (error: Error) => {
      console.log(`PostgreSQL left out: ${error.message}`);
      return null;
    },
  );
  const loadBefore = loadavg()[0] ?? 0;
  const scratch = mkdtempSync(join(OUT, "goals-"));
  try {
    const imports = measureGoals({
      alertsFile,
      alerts: ALERTS,
      authLog,
      pgAdminUrl,
      rounds: GOAL_ROUNDS,
      scratch,
    });
    // With a second checkout to compare, this checkout's row comes first.
    const version = started.find((row) => row.command.startsWith("secmetrics --version"));
    const floor = started.find((row) => row.command === "node -e 0");
    const rows = [
      ...imports,
      ...[postgresOverSqlite(imports)].filter((row) => row !== null),
      ...kpis.flatMap(([yardstick, ...subjects]) =>
        subjects.map((row) =>
          goalOf(row.command, yardstick?.command ?? "", 1.5, row.wallMs, yardstick?.wallMs ?? []),
        ),
      ),
      ...(version && floor
        ? [goalOf("`secmetrics --version` (medians)", "`node -e 0`", 2, [version.wallMs], [floor.wallMs])]
        : []),
    ];
    console.log(`\nthe goals, whole processes, ${GOAL_ROUNDS} paired rounds of each import:\n`);
    console.log(goalsMarkdown(rows));
    console.log(`\nnode ${process.version}, ${loadAverages(loadBefore)}`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function loadAverages(before: number): string {
  return `load average ${before.toFixed(1)} before, ${(loadavg()[0] ?? 0).toFixed(1)} after`;
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const alertsFile = join(OUT, `alerts-${ALERTS}.csv`);
  const alertsSmallFile = join(OUT, `alerts-${ALERTS_SMALL}.csv`);
  const incidentsFile = join(OUT, `incidents-${INCIDENTS}.csv`);
  const started = performance.now();
  generateAlertsCsv(alertsFile, ALERTS, INCIDENTS);
  generateAlertsCsv(alertsSmallFile, ALERTS_SMALL, INCIDENTS);
  generateIncidentsCsv(incidentsFile, INCIDENTS);
  console.log(`generated inputs in ${OUT} in ${seconds(performance.now() - started)} s`);
  const loadBefore = loadavg()[0] ?? 0;

  const rows: Measurement[] = [];
  const record = (m: Measurement) => {
    rows.push(m);
    const time = m.ms === null ? "-" : `${seconds(m.ms)} s`;
    console.log(
      `  ${m.step}: ${time}, CPU ${m.cpuMs === null ? "-" : seconds(m.cpuMs)} s, peak RSS ${m.peakRssMb ?? "-"} MB`,
    );
  };
  const csv = (file: string) => `${(statSync(file).size / 1e6).toFixed(0)} MB CSV`;
  const imported = (step: string, rowCount: number, run: Run & ChildResult, note: string): Measurement => ({
    step,
    rows: rowCount,
    ms: run.ms[0] ?? null,
    cpuMs: run.cpuMs,
    peakRssMb: run.peakRssMb,
    note,
  });
  const kpis = (step: string, run: Run & ChildResult): Measurement => ({
    step,
    rows: null,
    ms: Math.min(...run.ms),
    cpuMs: run.cpuMs,
    peakRssMb: run.peakRssMb,
    note: `best of ${KPI_RUNS}: ${run.ms.map(seconds).join(", ")} s`,
  });

  const idle = runChild(["idle", freshSqlite("idle")]);
  record({
    step: "baseline: node + tsx start-up, open an empty store",
    rows: null,
    ms: null,
    cpuMs: idle.cpuMs,
    peakRssMb: idle.peakRssMb,
    note: "",
  });

  const sqliteUrl = freshSqlite(`alerts-${ALERTS}`);
  const alerts = runChild(["import", sqliteUrl, alertsFile]);
  record(imported("(a) import alerts CSV, SQLite", ALERTS, alerts, csv(alertsFile)));

  const plain = timeCommand("sqlite3", [
    freshSqlite("sqlite3-plain"),
    ".mode csv",
    `.import ${alertsFile} alerts`,
  ]);
  record({
    step: "(b) sqlite3 `.import`, new plain table",
    rows: ALERTS,
    ms: plain.wallMs,
    cpuMs: plain.cpuMs,
    peakRssMb: plain.peakRssMb,
    note: "all-TEXT columns, no index",
  });
  const [sqlite3, ...indexedArgs] = sqlite3Import(freshSqlite("sqlite3-indexed"), alertsFile);
  const indexed = timeCommand(sqlite3, indexedArgs);
  record({
    step: "(b') sqlite3 `.import`, table with the store's two indexes",
    rows: ALERTS,
    ms: indexed.wallMs,
    cpuMs: indexed.cpuMs,
    peakRssMb: indexed.peakRssMb,
    note: "unique id + created_at index",
  });

  const small = runChild(["import", freshSqlite(`alerts-${ALERTS_SMALL}`), alertsSmallFile]);
  record(
    imported(
      `(c) import ${ALERTS_SMALL.toLocaleString("en")} alerts, SQLite`,
      ALERTS_SMALL,
      small,
      csv(alertsSmallFile),
    ),
  );
  record(imported(`(c) import ${ALERTS.toLocaleString("en")} alerts, SQLite`, ALERTS, alerts, "= (a)"));

  const incidents = runChild(["import", sqliteUrl, incidentsFile]);
  record(
    imported(
      "(d) import incidents CSV, SQLite",
      INCIDENTS,
      incidents,
      `${csv(incidentsFile)}, into the store of (a)`,
    ),
  );
  record(kpis(`(e) kpis ${PERIOD} + 6 previous months, SQLite`, runChild(["kpis", sqliteUrl])));

  const pgUrl = await createDatabase(`secmetrics_bench_${process.pid}`).catch((error: Error) => {
    record({
      step: "(f) PostgreSQL",
      rows: null,
      ms: null,
      cpuMs: null,
      peakRssMb: null,
      note: `skipped: ${error.message}`,
    });
    return null;
  });
  if (pgUrl) {
    try {
      const note = "client process only";
      record(
        imported("(f) import alerts CSV, PostgreSQL", ALERTS, runChild(["import", pgUrl, alertsFile]), note),
      );
      const copied = psqlCopyRun(pgUrl, alertsFile);
      record({
        step: "(f') psql `\\copy`, table with the store's three indexes",
        rows: ALERTS,
        ms: copied.wallMs,
        cpuMs: copied.cpuMs,
        peakRssMb: copied.peakRssMb,
        note: "psql process only; id, identity, time index",
      });
      record(
        imported(
          "(f) import incidents CSV, PostgreSQL",
          INCIDENTS,
          runChild(["import", pgUrl, incidentsFile]),
          note,
        ),
      );
      record(kpis(`(f) kpis ${PERIOD} + 6 previous months, PostgreSQL`, runChild(["kpis", pgUrl])));
    } finally {
      await admin(`drop database if exists ${new URL(pgUrl).pathname.slice(1)} with (force)`);
    }
  }

  console.log(`\n${markdown(rows)}`);
  const wall = (prefix: string) => rows.find((r) => r.step.startsWith(prefix))?.ms ?? null;
  const [sqlite, postgres, copy] = [wall("(a)"), wall("(f) import alerts"), wall("(f')")];
  if (sqlite && postgres && copy)
    console.log(
      `\nPostgreSQL import of the alerts: ${(postgres / sqlite).toFixed(2)}× SQLite's (a), ${(postgres / copy).toFixed(2)}× psql \\copy (f')`,
    );
  console.log(
    `\nnode ${process.version}, ${ALERTS.toLocaleString("en")} alerts, ${INCIDENTS.toLocaleString("en")} incidents, ${loadAverages(loadBefore)}`,
  );
}

/** The yardstick for (f): psql's `\copy` of the same CSV, in the same database (see yardsticks.ts). */
function psqlCopyRun(url: string, file: string): Run {
  const [psql, ...args] = psqlCopy(url, file);
  return timeCommand(psql, args);
}

/** Each zero-filled file imported with each line format, in turns, `LONG_LINE_RUNS` rounds. */
function longLines(): void {
  mkdirSync(OUT, { recursive: true });
  const loadBefore = loadavg()[0] ?? 0;
  const rows: LongLineRow[] = LONG_LINE_FORMATS.flatMap((format) =>
    LONG_LINE_SIZES_MB.map((mb) => ({ format, mb, ms: [] as number[], outcome: "" })),
  );
  for (let round = 0; round < LONG_LINE_RUNS; round++) {
    for (const row of rows) {
      const file = zeroFile(OUT, row.mb);
      const run = runChild(["import-format", freshSqlite("long-lines"), row.format, file]);
      row.ms.push(run.ms[0] ?? Number.NaN);
      row.outcome = run.outcome ?? "";
    }
  }
  console.log(`files without a newline, ${LONG_LINE_RUNS} runs each:\n`);
  console.log(longLinesMarkdown(rows));
  console.log(`\nnode ${process.version}, ${loadAverages(loadBefore)}\n`);
}

/**
 * `kpis` for one month with its history, the whole command, beside the same
 * KPIs in plain SQL, on 1M alerts and 20k incidents, on each engine.
 */
/** Returns each engine's rows, the yardstick first. */
async function kpisVsSql(): Promise<KpisVsSqlRow[][]> {
  mkdirSync(OUT, { recursive: true });
  const alertsFile = join(OUT, `alerts-${ALERTS}.csv`);
  const incidentsFile = join(OUT, `incidents-${KPIS_INCIDENTS}.csv`);
  generateAlertsCsv(alertsFile, ALERTS, INCIDENTS);
  generateIncidentsCsv(incidentsFile, KPIS_INCIDENTS);
  const loadBefore = loadavg()[0] ?? 0;
  const checkouts = checkoutsToTime();
  const scratch = mkdtempSync(join(OUT, "kpis-"));
  const measured: KpisVsSqlRow[][] = [];
  const measure = (engine: "sqlite" | "postgres", store: string) => {
    const setup = {
      engine,
      store,
      period: PERIOD,
      history: KPIS_HISTORY,
      checkouts,
      runs: KPIS_RUNS,
      scratch,
    };
    const rows = measureKpisVsSql(setup);
    measured.push(rows);
    console.log(`\n${kpisVsSqlMarkdown(engine, rows, KPIS_RUNS)}`);
  };
  console.log(
    `\nkpis beside plain SQL: ${ALERTS.toLocaleString("en")} alerts, ${KPIS_INCIDENTS.toLocaleString("en")} incidents`,
  );
  const sqlite = freshSqlite(`kpis-${ALERTS}-${KPIS_INCIDENTS}`);
  for (const file of [alertsFile, incidentsFile]) runChild(["import", sqlite, file]);
  measure("sqlite", sqlite);
  const pgUrl = await createDatabase(`secmetrics_bench_kpis_${process.pid}`).catch((error: Error) => {
    console.log(`PostgreSQL skipped: ${error.message}`);
    return null;
  });
  if (pgUrl) {
    try {
      for (const file of [alertsFile, incidentsFile]) runChild(["import", pgUrl, file]);
      await admin(`vacuum analyze`, pgUrl);
      measure("postgres", pgUrl);
    } finally {
      await admin(`drop database if exists ${new URL(pgUrl).pathname.slice(1)} with (force)`);
    }
  }
  rmSync(scratch, { recursive: true, force: true });
  console.log(`\nnode ${process.version}, ${loadAverages(loadBefore)}`);
  return measured;
}

/** Import and kpis at 1M and `SCALE_ALERTS` alerts, on each engine (see scale.ts). */
async function scale(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const incidentsFile = join(OUT, `incidents-${INCIDENTS}.csv`);
  generateIncidentsCsv(incidentsFile, INCIDENTS);
  const scratch = mkdtempSync(join(OUT, "scale-"));
  const keep = process.env.BENCH_SCALE_KEEP === "1";
  const loadBefore = loadavg()[0] ?? 0;
  console.log(`scale, commit ${commitOf(".")}: import and kpis at each size, on each engine`);
  const rows: ScaleRow[] = [];
  for (const alerts of [SCALE_BASE_ALERTS, SCALE_ALERTS]) {
    const alertsFile = join(OUT, `alerts-${alerts}.csv`);
    generateAlertsCsv(alertsFile, alerts, INCIDENTS);
    const keepThis = keep && alerts === SCALE_ALERTS;
    const measure = async (engine: ScaleRow["engine"], store: string, storeMb: () => Promise<number>) => {
      const profile = (step: string) =>
        SCALE_PROFILE
          ? ["--cpu-prof", `--cpu-prof-dir=${resolve(SCALE_PROFILE, `${engine}-${alerts}-${step}`)}`]
          : [];
      const imported = runChild(["import", store, alertsFile], profile("import"));
      runChild(["import", store, incidentsFile]);
      if (engine === "postgres") await admin("vacuum analyze", store);
      const kpiRuns = Array.from({ length: SCALE_KPI_RUNS }, () =>
        timeCommand(
          process.execPath,
          [
            ...profile("kpis"),
            resolve("bin/secmetrics.js"),
            ...["--db", store, "kpis", "--period", PERIOD, "--format", "json"],
          ],
          {
            cwd: scratch,
            env: { ...process.env, SECMETRICS_DB: "", NO_COLOR: "1" },
          },
        ),
      );
      const row: ScaleRow = {
        engine,
        alerts,
        storeMb: await storeMb(),
        importMs: imported.ms[0] ?? Number.NaN,
        importCpuMs: imported.cpuMs,
        importRssMb: imported.peakRssMb,
        kpiMs: kpiRuns.map((r) => r.wallMs),
        kpiCpuMs: kpiRuns.map((r) => r.cpuMs),
        kpiRssMb: kpiRuns.map((r) => r.peakRssMb),
      };
      rows.push(row);
      console.log(`  ${engine}, ${alerts.toLocaleString("en")} alerts: ${JSON.stringify(row)}`);
    };
    const sqlite = freshSqlite(`scale-${alerts}`);
    await measure("sqlite", sqlite, async () => statSync(sqlite).size / 1e6);
    if (keepThis) console.log(`  kept ${sqlite}`);
    else freshSqlite(`scale-${alerts}`);
    const pgUrl = await createDatabase(`secmetrics_bench_scale_${alerts}_${process.pid}`).catch(
      (error: Error) => {
        console.log(`  PostgreSQL skipped: ${error.message}`);
        return null;
      },
    );
    if (pgUrl) {
      try {
        const size = "select pg_total_relation_size('alerts') as bytes";
        await measure("postgres", pgUrl, async () => Number((await admin(size, pgUrl)).rows[0]?.bytes) / 1e6);
      } finally {
        if (keepThis) console.log(`  kept ${pgUrl}`);
        else await admin(`drop database if exists ${new URL(pgUrl).pathname.slice(1)} with (force)`);
      }
    }
    if (alerts !== SCALE_BASE_ALERTS && !keepThis) rmSync(alertsFile);
  }
  rmSync(scratch, { recursive: true, force: true });
  console.log(`\n${scaleMarkdown(rows)}`);
  console.log(`\nnode ${process.version}, kpis runs ${SCALE_KPI_RUNS} each, ${loadAverages(loadBefore)}`);
}

/** The short commit of a checkout, naming its row. */
/** This checkout, and BENCH_COMPARE_CHECKOUT's if set, each labelled by its commit. */
function checkoutsToTime(): Checkout[] {
  const compared = process.env.BENCH_COMPARE_CHECKOUT;
  return [".", ...(compared ? [compared] : [])].map((root) => ({ label: commitOf(root), root }));
}

function commitOf(root: string): string {
  const run = spawnSync("git", ["-C", root, "rev-parse", "--short", "HEAD"], { encoding: "utf8" });
  return run.status === 0 ? run.stdout.trim() : root;
}

/** A new database on the PostgreSQL server, as the store tests make them; returns its URL. */
async function createDatabase(name: string): Promise<string> {
  await admin(`create database ${name}`);
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin(statement: string, url = PG_ADMIN_URL): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await client.query(statement);
  } finally {
    await client.end();
  }
}

/** The measured step, in a fresh process (see the header comment). */
async function child([task, url, ...files]: string[]): Promise<void> {
  if (!url) throw new Error("usage: bench.ts --child idle|import|kpis <store url> [files…]");
  const store = await openStore(url);
  const result: ChildResult = { ms: [] };
  try {
    if (task === "import") {
      for (const file of files) {
        const started = performance.now();
        await importFile(store, { source: fileSource(file), options: { timezone: "UTC" }, now: NOW });
        result.ms.push(performance.now() - started);
      }
    } else if (task === "kpis") {
      const config = parseConfig({});
      for (let run = 0; run < KPI_RUNS; run++) {
        const started = performance.now();
        await computeKpis(store, PERIOD, { config, now: NOW });
        result.ms.push(performance.now() - started);
      }
    } else if (task === "import-format") {
      const [format, file] = files;
      if (!format || !file)
        throw new Error("usage: bench.ts --child import-format <store url> <format> <file>");
      const started = performance.now();
      try {
        await importFile(store, { source: fileSource(file), format, options: { timezone: "UTC" }, now: NOW });
        result.outcome = "imported";
      } catch (error) {
        // A refusal is the expected end of most of these imports: its time is the figure.
        if (!(error instanceof SecmetricsError)) throw error;
        result.outcome = error.message.split("\n")[0] ?? "";
      }
      result.ms.push(performance.now() - started);
    } else if (task !== "idle") {
      throw new Error(`unknown bench task ${task}`);
    }
  } finally {
    await store.close();
  }
  console.log(`${RESULT_PREFIX}${JSON.stringify(result)}`);
}

function runChild(args: string[], nodeOptions: string[] = []): Run & ChildResult {
  const run = timeCommand(process.execPath, [
    ...nodeOptions,
    "--import",
    "tsx",
    THIS_FILE,
    "--child",
    ...args,
  ]);
  const line = run.stdout.split("\n").find((l) => l.startsWith(RESULT_PREFIX));
  if (!line) throw new Error(`bench child ${args.join(" ")} failed:\n${run.stdout}\n${run.stderr}`);
  return { ...run, ...(JSON.parse(line.slice(RESULT_PREFIX.length)) as ChildResult) };
}

function timeCommand(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Run {
  const started = performance.now();
  const run = spawnSync("/usr/bin/time", ["-v", command, ...args], {
    encoding: "utf8",
    maxBuffer: 64 << 20,
    ...options,
  });
  const wallMs = performance.now() - started;
  if (run.error) throw new Error(`cannot run /usr/bin/time -v ${command}: ${run.error.message}`);
  if (run.status !== 0) throw new Error(`${command} ${args.join(" ")} exited ${run.status}:\n${run.stderr}`);
  const field = (name: string) => {
    const match = new RegExp(`${name}: ([\\d.]+)`).exec(run.stderr);
    if (!match) throw new Error(`no "${name}" in the output of /usr/bin/time -v:\n${run.stderr}`);
    return Number(match[1]);
  };
  return {
    wallMs,
    cpuMs: (field("User time \\(seconds\\)") + field("System time \\(seconds\\)")) * 1000,
    peakRssMb: Math.round(field("Maximum resident set size \\(kbytes\\)") / 1024),
    stdout: run.stdout,
    stderr: run.stderr,
  };
}

/** A path for a new SQLite database, with any earlier run's files removed. */
function freshSqlite(name: string): string {
  const path = join(OUT, `${name}.db`);
  for (const suffix of ["", "-wal", "-shm"]) {
    if (existsSync(path + suffix)) rmSync(path + suffix);
  }
  return path;
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(2);
}

function markdown(rows: readonly Measurement[]): string {
  const lines = [
    "| step | rows | wall time | rows/s | CPU time | peak RSS | note |",
    "|---|--:|--:|--:|--:|--:|---|",
    ...rows.map((r) =>
      [
        "",
        r.step,
        r.rows === null ? "" : r.rows.toLocaleString("en"),
        r.ms === null ? "" : `${seconds(r.ms)} s`,
        r.rows === null || r.ms === null ? "" : Math.round(r.rows / (r.ms / 1000)).toLocaleString("en"),
        r.cpuMs === null ? "" : `${seconds(r.cpuMs)} s`,
        r.peakRssMb === null ? "" : `${r.peakRssMb} MB`,
        r.note,
        "",
      ]
        .join(" | ")
        .trim(),
    ),
  ];
  return lines.join("\n");
}
