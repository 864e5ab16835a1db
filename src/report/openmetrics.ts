import type { KpiReport, MetricResult, MetricStatus } from "../app/kpi-report.ts";
import type { Trend } from "../trends/index.ts";

const STATUSES: readonly MetricStatus[] = ["met", "missed", "no_target", "no_data", "stale"];
const TRENDS: readonly Trend[] = ["baseline_set", "improving", "worsening", "stable", "insufficient_data"];
const OPS = { "<": "lt", "<=": "le", "==": "eq", ">=": "ge", ">": "gt" } as const;

/** What the per-period series need of a metric: catalog identifiers and the period's judgement. */
export type MetricSample = Pick<
  MetricResult,
  "id" | "category" | "unit" | "value" | "status" | "trend" | "target"
>;

/** One series' sample: its labels (already escaped) and its value. */
interface Sample {
  labels: string;
  value: number;
}

/** A gauge family computed from one metric in one period. */
interface KpiFamily {
  name: string;
  help: string;
  samples(metric: MetricSample): Sample[];
}

const base = (m: MetricSample) => `id="${label(m.id)}",category="${label(m.category)}"`;

/**
 * The families every period has, in the order they are written. Labels carry
 * only identifiers from the catalog (id, category, unit): never owners,
 * titles or record data. A metric without a current value (no data, or
 * stale: possibly an empty feed's zero) has no value sample, so a dashboard
 * shows a gap, not a 0; its status series says why. Status and trend are one
 * 0/1 series per state, the usual Prometheus encoding of an enum, so `== 1`
 * selects the current one.
 */
export const KPI_FAMILIES: readonly KpiFamily[] = [
  {
    name: "secmetrics_kpi_value",
    help: "Value of each metric for the reporting period, in the unit of its unit label (seconds, percent 0-100, count, per_day, score 0-3); absent without a current value.",
    samples: (m) =>
      m.value !== null && m.status !== "stale"
        ? [{ labels: `${base(m)},unit="${m.unit}"`, value: m.value }]
        : [],
  },
  {
    name: "secmetrics_kpi_target",
    help: "Target of each metric that has one, in the metric's unit; op is lt, le, eq, ge or gt.",
    samples: (m) =>
      m.target
        ? [{ labels: `${base(m)},unit="${m.unit}",op="${OPS[m.target.op]}"`, value: m.target.value }]
        : [],
  },
  {
    name: "secmetrics_kpi_status",
    help: "Target status of each metric: 1 for the current status (met, missed, no_target, no_data, stale), 0 for the others.",
    samples: (m) =>
      STATUSES.map((s) => ({ labels: `${base(m)},status="${s}"`, value: m.status === s ? 1 : 0 })),
  },
  {
    name: "secmetrics_kpi_trend",
    help: "Trend verdict of each metric (signal, not noise): 1 for the current one, 0 for the others.",
    samples: (m) => TRENDS.map((t) => ({ labels: `${base(m)},trend="${t}"`, value: m.trend === t ? 1 : 0 })),
  },
];

/**
 * Prometheus text exposition (format 0.0.4, which OpenMetrics parsers also
 * read) of every metric for one period, for scraping: no timestamps, the
 * period said in its own series.
 */
export function renderOpenMetrics(report: KpiReport): string {
  const lines: string[] = [];
  const family = (name: string, help: string, samples: string[]) => {
    lines.push(...familyHeader(name, help), ...samples);
  };

  family(
    "secmetrics_report_period_info",
    "The reporting period the secmetrics_kpi_* series describe (always 1).",
    [`secmetrics_report_period_info{period="${label(report.period.id)}",kind="${report.period.kind}"} 1`],
  );
  family(
    "secmetrics_report_period_start_timestamp_seconds",
    "Start of the reporting period, Unix time in seconds.",
    [`secmetrics_report_period_start_timestamp_seconds ${report.period.start / 1000}`],
  );
  family(
    "secmetrics_report_period_end_timestamp_seconds",
    "End of the reporting period (excluded), Unix time in seconds.",
    [`secmetrics_report_period_end_timestamp_seconds ${report.period.end / 1000}`],
  );
  for (const kpi of KPI_FAMILIES) {
    family(
      kpi.name,
      kpi.help,
      report.metrics.flatMap((m) => kpi.samples(m).map((s) => sampleLine(kpi.name, s))),
    );
  }
  family(
    "secmetrics_kpi_last_import_timestamp_seconds",
    "When a source of each metric last reported, Unix time in seconds; absent when never.",
    report.metrics.flatMap((m) =>
      m.last_import_at === null
        ? []
        : [`secmetrics_kpi_last_import_timestamp_seconds{${base(m)}} ${m.last_import_at / 1000}`],
    ),
  );
  return `${lines.join("\n")}\n`;
}

export const OPENMETRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

/**
 * OpenMetrics 1.0 text of every period's KPI families, each sample stamped
 * with the instant its period closes (its end, Unix seconds), ending in
 * `# EOF`: what `promtool tsdb create-blocks-from openmetrics` backfills.
 * Each report is reduced to its samples as it arrives, so only those (a few
 * numbers per metric and period) are held, never the reports. A family's
 * samples are written together, and each series' samples oldest first, as
 * OpenMetrics requires.
 */
export async function* openMetricsHistory(reports: AsyncIterable<KpiReport>): AsyncGenerator<string> {
  const periods: { end: number; metrics: MetricSample[] }[] = [];
  for await (const report of reports) {
    periods.push({ end: report.period.end, metrics: report.metrics.map(metricSample) });
  }
  for (const kpi of KPI_FAMILIES) {
    const series = new Map<string, string[]>();
    for (const period of periods) {
      for (const metric of period.metrics) {
        for (const sample of kpi.samples(metric)) {
          const lines = series.get(sample.labels) ?? [];
          lines.push(sampleLine(kpi.name, sample, period.end / 1000));
          series.set(sample.labels, lines);
        }
      }
    }
    yield `${familyHeader(kpi.name, kpi.help).join("\n")}\n`;
    for (const lines of series.values()) yield `${lines.join("\n")}\n`;
  }
  yield "# EOF\n";
}

function metricSample({ id, category, unit, value, status, trend, target }: MetricResult): MetricSample {
  return { id, category, unit, value, status, trend, target };
}

function familyHeader(name: string, help: string): string[] {
  return [`# HELP ${name} ${help}`, `# TYPE ${name} gauge`];
}

function sampleLine(name: string, sample: Sample, timestampSeconds?: number): string {
  const stamp = timestampSeconds === undefined ? "" : ` ${timestampSeconds}`;
  return `${name}{${sample.labels}} ${number(sample.value)}${stamp}`;
}

function label(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
}

function number(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (!Number.isFinite(value)) return value > 0 ? "+Inf" : "-Inf";
  return String(value);
}
