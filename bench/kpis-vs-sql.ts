/**
 * `secmetrics kpis --period <month> --format json`, the whole process
 * (start-up included), beside the same detection-and-response KPIs in plain
 * SQL through the `sqlite3` or `psql` client (`kpis-yardstick.ts`), on one
 * store. The commands take turns round after round, after one unrecorded
 * warm-up round, so load that comes and goes hits them alike; each round
 * gives one paired ratio. bash's `time` reports wall and user + system time
 * to the millisecond (the client processes only: PostgreSQL's server work
 * shows in wall time alone).
 */
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { median } from "../src/domains/statistics.ts";
import { parsePeriod, previousPeriods } from "../src/model/period.ts";
import { type YardstickEngine, yardstickSql } from "./kpis-yardstick.ts";
import { timed } from "./timed.ts";

export interface KpisVsSqlSetup {
  engine: YardstickEngine;
  /** A SQLite path or a PostgreSQL URL, holding the alerts and incidents. */
  store: string;
  period: string;
  /** The history `kpis` computes by default. */
  history: number;
  /** Built checkouts whose CLI to time, by label: this one, and any other to compare with. */
  checkouts: readonly { label: string; root: string }[];
  runs: number;
  /** An empty directory to run in (no secmetrics.yaml) and to write the SQL file to. */
  scratch: string;
}

export interface KpisVsSqlRow {
  command: string;
  wallMs: number[];
  cpuMs: number[];
  /** Each round's wall time over the yardstick's in the same round; null for the yardstick itself. */
  ratios: number[] | null;
}

export function measureKpisVsSql(setup: KpisVsSqlSetup): KpisVsSqlRow[] {
  const { engine, store, period: periodId, scratch } = setup;
  const periodContext = { timezone: "UTC", iterations: [] };
  const period = parsePeriod(periodId, periodContext);
  const periods = [...previousPeriods(period, setup.history, periodContext), period];
  const sqlFile = join(scratch, `kpis-yardstick-${engine}.sql`);
  writeFileSync(sqlFile, yardstickSql(periods, Date.now(), engine));
  const yardstick: [string, string[]] =
    engine === "sqlite"
      ? [`sqlite3 (plain SQL)`, ["sqlite3", store, `.read ${sqlFile}`]]
      : [`psql (plain SQL)`, ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", store, "-f", sqlFile]];
  const commands: [string, string[]][] = [
    yardstick,
    ...setup.checkouts.map(({ label, root }): [string, string[]] => [
      `kpis --period ${periodId} --format json (${label})`,
      [
        process.execPath,
        resolve(root, "bin/secmetrics.js"),
        "--db",
        store,
        "kpis",
        "--period",
        periodId,
        "--format",
        "json",
      ],
    ]),
  ];
  const samples = commands.map(() => ({ wall: [] as number[], cpu: [] as number[] }));
  for (let round = -1; round < setup.runs; round++) {
    commands.forEach(([, argv], i) => {
      const { wallMs, cpuMs } = timed(argv, scratch);
      if (round < 0) return;
      samples[i]?.wall.push(wallMs);
      samples[i]?.cpu.push(cpuMs);
    });
  }
  const floor = samples[0]?.wall ?? [];
  return commands.map(([command], i) => {
    const { wall, cpu } = samples[i] ?? { wall: [], cpu: [] };
    return {
      command,
      wallMs: wall,
      cpuMs: cpu,
      ratios: i === 0 ? null : wall.map((ms, round) => ms / (floor[round] ?? Number.NaN)),
    };
  });
}

const spread = (values: readonly number[], digits: (v: number) => string) =>
  `${digits(median(values) ?? Number.NaN)} (${digits(Math.min(...values))}–${digits(Math.max(...values))})`;

export function kpisVsSqlMarkdown(engine: string, rows: readonly KpisVsSqlRow[], runs: number): string {
  const ms = (v: number) => `${Math.round(v)} ms`;
  const ratio = (v: number) => `${v.toFixed(2)}×`;
  return [
    `| ${engine}, ${runs} rounds | wall, median (min–max) | CPU (client), median (min–max) | × yardstick per round, median (min–max) |`,
    "|---|--:|--:|--:|",
    ...rows.map(
      (r) =>
        `| ${r.command} | ${spread(r.wallMs, ms)} | ${spread(r.cpuMs, ms)} | ${r.ratios ? spread(r.ratios, ratio) : ""} |`,
    ),
  ].join("\n");
}
