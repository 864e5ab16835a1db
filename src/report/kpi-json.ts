import type { KpiReport } from "../app/kpi-report.ts";

/**
 * The stable JSON of `secmetrics kpis --format json` (and of the API):
 * snake_case, durations in seconds, percentages 0–100, instants ISO 8601,
 * fields that do not apply are null.
 */
export function kpiJson(report: KpiReport) {
  return {
    period: {
      id: report.period.id,
      kind: report.period.kind,
      start: new Date(report.period.start).toISOString(),
      end: new Date(report.period.end).toISOString(),
    },
    generated_at: new Date(report.generated_at).toISOString(),
    metrics: report.metrics.map((m) => ({
      id: m.id,
      name: m.name,
      category: m.category,
      unit: m.unit,
      value: m.value,
      n: m.n,
      median: m.median,
      p90: m.p90,
      open: m.open,
      oldest_open_age: m.oldest_open_age,
      target: m.target,
      direction: m.direction,
      status: m.status,
      trend: m.trend,
      trend_reason: m.trend_detail.reason,
      limits: m.trend_detail.limits && {
        centre: m.trend_detail.limits.centre,
        lower: m.trend_detail.limits.lower,
        upper: m.trend_detail.limits.upper,
        chart: m.trend_detail.limits.chart,
      },
      // The stable shape: each past period's own status and trend feed the reports' posture trend, not this JSON.
      history: m.history.map(({ period, value }) => ({ period, value })),
      owner: m.owner,
      reason: m.reason,
      last_import_at: m.last_import_at === null ? null : new Date(m.last_import_at).toISOString(),
      data_end: m.data_end === null ? null : new Date(m.data_end).toISOString(),
      details: m.details,
    })),
  };
}

export type KpiJson = ReturnType<typeof kpiJson>;
