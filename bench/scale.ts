/**
 * Scale: the same import and `kpis` at 1M alerts and at BENCH_SCALE_ALERTS
 * (default 10M), on each engine, to see how they grow. A fresh store per
 * size and engine: the alerts CSV imported (the measured import), then the
 * 50k incidents (not measured; the same at every size, so the KPIs have
 * their incidents too), then `secmetrics kpis --period <month> --format
 * json`, the built CLI's whole process, `SCALE_KPI_RUNS` times. Linear
 * import keeps rows/s flat (× ≈ 1); memory that does not grow with the rows
 * keeps peak RSS flat; KPIs that read a month through an index grow with
 * the month's rows (× ≈ the size ratio) and no faster.
 */
import { median } from "../src/domains/statistics.ts";

export const SCALE_BASE_ALERTS = 1_000_000;
export const SCALE_KPI_RUNS = 3;

export interface ScaleRow {
  engine: "sqlite" | "postgres";
  alerts: number;
  /** The store's size on disk after both imports: the SQLite file, or PostgreSQL's alerts table with its indexes. */
  storeMb: number;
  importMs: number;
  importCpuMs: number;
  importRssMb: number;
  /** One entry per `kpis` run. */
  kpiMs: number[];
  kpiCpuMs: number[];
  kpiRssMb: number[];
}

const mid = (values: readonly number[]) => median(values) ?? Number.NaN;
const rowsPerSecond = (row: ScaleRow) => row.alerts / (row.importMs / 1000);
const cpuPerMillion = (row: ScaleRow) => row.importCpuMs / (row.alerts / 1e6);

/** The figures of each run, then each engine's larger size over its 1M run. */
export function scaleMarkdown(rows: readonly ScaleRow[]): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const lines = [
    "| engine | alerts | store | import wall | rows/s | import CPU | CPU per 1M | import peak RSS | kpis wall, median | kpis CPU, median | kpis peak RSS |",
    "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ...rows.map(
      (r) =>
        `| ${r.engine} | ${r.alerts.toLocaleString("en")} | ${Math.round(r.storeMb)} MB | ${s(r.importMs)} | ${Math.round(rowsPerSecond(r)).toLocaleString("en")} | ${s(r.importCpuMs)} | ${s(cpuPerMillion(r))} | ${r.importRssMb} MB | ${s(mid(r.kpiMs))} | ${s(mid(r.kpiCpuMs))} | ${Math.max(...r.kpiRssMb)} MB |`,
    ),
    "",
    "| engine | size × | store × | rows/s × | import CPU per row × | import RSS × | kpis wall × | kpis CPU × | kpis RSS × |",
    "|---|--:|--:|--:|--:|--:|--:|--:|--:|",
  ];
  const x = (value: number) => `${value.toFixed(2)}×`;
  for (const large of rows) {
    const base = rows.find((r) => r.engine === large.engine && r.alerts === SCALE_BASE_ALERTS);
    if (!base || base === large) continue;
    lines.push(
      `| ${large.engine} | ${x(large.alerts / base.alerts)} | ${x(large.storeMb / base.storeMb)} | ${x(rowsPerSecond(large) / rowsPerSecond(base))} | ${x(cpuPerMillion(large) / cpuPerMillion(base))} | ${x(large.importRssMb / base.importRssMb)} | ${x(mid(large.kpiMs) / mid(base.kpiMs))} | ${x(mid(large.kpiCpuMs) / mid(base.kpiCpuMs))} | ${x(Math.max(...large.kpiRssMb) / Math.max(...base.kpiRssMb))} |`,
    );
  }
  return lines.join("\n");
}
