/**
 * The performance goals as whole processes of the built CLI, each beside its
 * yardstick in the same round: importing the alerts CSV into SQLite beside
 * `sqlite3 .import` into a table with the same indexes, into PostgreSQL
 * beside `psql \copy`, and an sshd import of an auth log beside
 * `fail2ban-regex` (where installed). The commands take turns round after
 * round, so load that comes and goes hits them alike; each round gives one
 * paired ratio, and the summary gives the median and the spread.
 */
import { spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { median } from "../src/domains/statistics.ts";
import { timed } from "./timed.ts";
import { psqlCopy, sqlite3Import } from "./yardsticks.ts";

const BIN = resolve("bin/secmetrics.js");

export interface GoalsSetup {
  alertsFile: string;
  alerts: number;
  authLog: { file: string; lines: number };
  /** A PostgreSQL server's admin URL where a database per round is made and dropped; null to leave PostgreSQL out. */
  pgAdminUrl: string | null;
  rounds: number;
  /** An empty directory for the stores, and to run in (no secmetrics.yaml). */
  scratch: string;
}

/** One goal: the CLI's wall times and its yardstick's, round by round. */
export interface GoalRow {
  work: string;
  yardstick: string;
  subjectMs: number[];
  yardstickMs: number[];
  /** The most the median ratio may be; null where the yardstick is for scale only. */
  goal: number | null;
}

export function measureGoals(setup: GoalsSetup): GoalRow[] {
  const { scratch } = setup;
  const sqlitePath = join(scratch, "goals.db");
  const yardstickPath = join(scratch, "goals-sqlite3.db");
  const fresh = (path: string) => {
    for (const suffix of ["", "-wal", "-shm"]) rmSync(path + suffix, { force: true });
    return path;
  };
  const alerts = `${setup.alerts.toLocaleString("en")} alerts`;
  const rows: GoalRow[] = [
    {
      work: `import ${alerts} into SQLite`,
      yardstick: "`sqlite3 .import` into the same indexed table",
      subjectMs: [],
      yardstickMs: [],
      goal: 2,
    },
  ];
  const steps: [GoalRow, () => number, () => number][] = [
    [
      rows[0] as GoalRow,
      () => timed(cli(fresh(sqlitePath), "import", "--no-progress", setup.alertsFile), scratch).wallMs,
      () => timed(sqlite3Import(fresh(yardstickPath), setup.alertsFile), scratch).wallMs,
    ],
  ];
  if (setup.pgAdminUrl) {
    const admin = setup.pgAdminUrl;
    const row: GoalRow = {
      work: `import ${alerts} into PostgreSQL`,
      yardstick: "`psql \\copy` into the same indexed table",
      subjectMs: [],
      yardstickMs: [],
      goal: null,
    };
    rows.push(row);
    steps.push([
      row,
      () =>
        withDatabase(
          admin,
          "secmetrics_goals",
          (url) => timed(cli(url, "import", "--no-progress", setup.alertsFile), scratch).wallMs,
        ),
      () =>
        withDatabase(
          admin,
          "secmetrics_goals_copy",
          (url) => timed(psqlCopy(url, setup.alertsFile), scratch).wallMs,
        ),
    ]);
  }
  if (onPath("fail2ban-regex")) {
    const row: GoalRow = {
      work: `sshd import of a ${setup.authLog.lines.toLocaleString("en")}-line auth log`,
      yardstick: "`fail2ban-regex FILE sshd`",
      subjectMs: [],
      yardstickMs: [],
      goal: 1,
    };
    rows.push(row);
    steps.push([
      row,
      () =>
        timed(
          cli(
            fresh(sqlitePath),
            "import",
            "--no-progress",
            "--format",
            "sshd",
            "--year",
            "2026",
            setup.authLog.file,
          ),
          scratch,
        ).wallMs,
      () => timed(["fail2ban-regex", setup.authLog.file, "sshd"], scratch).wallMs,
    ]);
  }
  for (let round = 0; round < setup.rounds; round++)
    for (const [row, subject, yardstick] of steps) {
      row.yardstickMs.push(yardstick());
      row.subjectMs.push(subject());
    }
  fresh(sqlitePath);
  fresh(yardstickPath);
  return rows;
}

/** The PostgreSQL import beside SQLite's: both goal rows, round by round. */
export function postgresOverSqlite(rows: readonly GoalRow[]): GoalRow | null {
  const [sqlite, postgres] = rows;
  if (!sqlite || !postgres?.work.includes("PostgreSQL")) return null;
  return {
    work: postgres.work,
    yardstick: `the SQLite import (${sqlite.work})`,
    subjectMs: postgres.subjectMs,
    yardstickMs: sqlite.subjectMs,
    goal: 1.5,
  };
}

/** A row for a goal measured elsewhere in the run (start-up, kpis): its wall times and its yardstick's. */
export function goalOf(
  work: string,
  yardstick: string,
  goal: number | null,
  subjectMs: number[],
  yardstickMs: number[],
): GoalRow {
  return { work, yardstick, subjectMs, yardstickMs, goal };
}

export function goalsMarkdown(rows: readonly GoalRow[]): string {
  const ms = (values: readonly number[]) => `${Math.round(median(values) ?? Number.NaN)} ms`;
  return [
    "| work | secmetrics, median | yardstick | yardstick, median | × yardstick per round, median (min–max) | goal | met |",
    "|---|--:|---|--:|--:|--:|---|",
    ...rows.map((row) => {
      const ratios = row.subjectMs.map((value, round) => value / (row.yardstickMs[round] ?? Number.NaN));
      const middle = median(ratios) ?? Number.NaN;
      const spread = `${middle.toFixed(2)}× (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})`;
      const goal = row.goal === null ? ["", ""] : [`≤ ${row.goal}×`, middle <= row.goal ? "yes" : "no"];
      return `| ${row.work} | ${ms(row.subjectMs)} | ${row.yardstick} | ${ms(row.yardstickMs)} | ${spread} | ${goal.join(" | ")} |`;
    }),
  ].join("\n");
}

function cli(db: string, ...args: string[]): string[] {
  return [process.execPath, BIN, "--db", db, ...args];
}

/** Runs `measure` on a new database, dropped afterwards: each round starts from an empty one. */
function withDatabase<T>(adminUrl: string, name: string, measure: (url: string) => T): T {
  const psql = (statement: string) => {
    const run = spawnSync(
      "psql",
      ["--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1", adminUrl, "-c", statement],
      {
        encoding: "utf8",
      },
    );
    if (run.status !== 0) throw new Error(`psql ${statement}: ${run.stderr}`);
  };
  psql(`drop database if exists ${name} with (force)`);
  psql(`create database ${name}`);
  try {
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return measure(url.toString());
  } finally {
    psql(`drop database if exists ${name} with (force)`);
  }
}

function onPath(command: string): boolean {
  return (process.env.PATH ?? "").split(":").some((dir) => dir !== "" && existsSync(join(dir, command)));
}
