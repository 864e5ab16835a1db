import type { KpiReport, MetricStatus } from "../app/kpi-report.ts";
import type { Trend } from "../trends/index.ts";

const STATUSES: readonly MetricStatus[] = ["met", "missed", "no_target", "no_data", "stale"];
const TRENDS: readonly Trend[] = ["baseline_set", "improving", "worsening", "stable", "insufficient_data"];
const OPS = { "<": "lt", "<=": "le", "==": "eq", ">=": "ge", ">": "gt" } as const;

/**
 * Prometheus text exposition (format 0.0.4, which OpenMetrics parsers also
 * read) of every metric for one period. Labels carry only identifiers from
 * the catalog (id, category, unit): never owners, titles or record data.
 * A metric without a current value (no data, or stale: possibly an empty
 * feed's zero) has no value sample, so a dashboard shows a gap, not a 0; its
 * status series says why. Status and trend are one 0/1 series per state, the
 * usual Prometheus encoding of an enum, so `== 1` selects the current one.
 */
export function renderOpenMetrics(report: KpiReport): string {
  const lines: string[] = [];
  const family = (name: string, help: string, samples: string[]) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`, ...samples);
  };
  const base = (m: KpiReport["metrics"][number]) => `id="${label(m.id)}",category="${label(m.category)}"`;

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
  family(
    "secmetrics_kpi_value",
    "Value of each metric for the reporting period, in the unit of its unit label (seconds, percent 0-100, count, per_day); absent without a current value.",
    report.metrics
      .filter((m) => m.value !== null && m.status !== "stale")
      .map((m) => `secmetrics_kpi_value{${base(m)},unit="${m.unit}"} ${number(m.value as number)}`),
  );
  family(
    "secmetrics_kpi_target",
    "Target of each metric that has one, in the metric's unit; op is lt, le, eq, ge or gt.",
    report.metrics.flatMap((m) =>
      m.target
        ? [
            `secmetrics_kpi_target{${base(m)},unit="${m.unit}",op="${OPS[m.target.op]}"} ${number(m.target.value)}`,
          ]
        : [],
    ),
  );
  family(
    "secmetrics_kpi_status",
    "Target status of each metric: 1 for the current status (met, missed, no_target, no_data, stale), 0 for the others.",
    report.metrics.flatMap((m) =>
      STATUSES.map((s) => `secmetrics_kpi_status{${base(m)},status="${s}"} ${m.status === s ? 1 : 0}`),
    ),
  );
  family(
    "secmetrics_kpi_trend",
    "Trend verdict of each metric (signal, not noise): 1 for the current one, 0 for the others.",
    report.metrics.flatMap((m) =>
      TRENDS.map((t) => `secmetrics_kpi_trend{${base(m)},trend="${t}"} ${m.trend === t ? 1 : 0}`),
    ),
  );
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

function label(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
}

function number(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (!Number.isFinite(value)) return value > 0 ? "+Inf" : "-Inf";
  return String(value);
}
