import pc from "picocolors";
import type { KpiReport, MetricResult, MetricStatus } from "../app/kpi-report.ts";
import { formatPeriodRange } from "../model/format.ts";
import { CATEGORIES, CATEGORY_NAMES } from "../model/metric-definition.ts";
import type { Trend } from "../trends/index.ts";
import { metricRow } from "./build.ts";
import { Styled, terminalTable } from "./terminal-table.ts";

const BARS = "▁▂▃▄▅▆▇█";

/** A sparkline of the series; a gap is a space, never a zero-height bar. */
export function sparkline(values: readonly (number | null)[]): string {
  const present = values.filter((v): v is number => v !== null);
  if (present.length === 0) return "";
  const min = Math.min(...present);
  const span = Math.max(...present) - min;
  return values
    .map((v) =>
      v === null ? " " : BARS[span === 0 ? 3 : Math.round(((v - min) / span) * (BARS.length - 1))],
    )
    .join("");
}

const STATUS_TEXT: Record<MetricStatus, (text: string) => string> = {
  met: pc.green,
  missed: pc.red,
  no_target: pc.dim,
  no_data: pc.yellow,
  stale: (text) => pc.bold(pc.yellow(text)),
};

const TREND_TEXT: Record<Trend, string> = {
  baseline_set: "baseline set",
  improving: "improving",
  worsening: "worsening",
  stable: "→ stable",
  insufficient_data: pc.dim("insufficient data"),
};

/**
 * The arrow shows which way the value moved; the colour says whether that is
 * good, since a rising MTTD and a rising SLA rate mean opposite things.
 */
function trendText(metric: MetricResult): string {
  const text = TREND_TEXT[metric.trend];
  if (metric.trend !== "improving" && metric.trend !== "worsening") return text;
  const { signals, mann_kendall } = metric.trend_detail;
  const rising = signals[0] ? signals[0].side === "above" : (mann_kendall?.slope ?? 0) > 0;
  const colour = metric.trend === "improving" ? pc.green : pc.red;
  return colour(`${rising ? "↑" : "↓"} ${text}`);
}

/** The month at a glance: one table per category, every metric with value, target, status, trend and history. */
export function renderKpiTable(report: KpiReport, timezone: string): string {
  const { id, start, end } = report.period;
  const lines = [pc.bold(`Security KPIs — ${id}`), formatPeriodRange(start, end, timezone)];
  for (const category of CATEGORIES) {
    const metrics = report.metrics.filter((m) => m.category === category);
    if (metrics.length === 0) continue;
    const rows = metrics.map((metric) => {
      const row = metricRow(metric, report.period.id);
      return [
        row.name,
        row.current,
        row.target,
        new Styled(STATUS_TEXT[row.status](row.status.replace("_", " "))),
        new Styled(trendText(metric)),
        sparkline(row.series.map((p) => p.value)),
        row.owner ?? new Styled(pc.red("no owner")),
      ];
    });
    const table = terminalTable(["Metric", "Value", "Target", "Status", "Trend", "History", "Owner"], rows, {
      chars: { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" },
      wordWrap: true,
      colWidths: [32, 12, 18, 11, 19, 10, 24],
    });
    lines.push("", pc.bold(CATEGORY_NAMES[category]), table);
  }
  return lines.join("\n");
}
