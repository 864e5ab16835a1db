/**
 * Words every renderer shares, so the Markdown, the HTML and the dashboard
 * say the same thing about the same report.
 */
import type { MetricStatus } from "../app/kpi-report.ts";
import { formatDate, formatInstant as formatInstantIn, formatPeriodRange } from "../model/format.ts";
import type { Trend } from "../trends/index.ts";
import type { IterationReport, MetricRow, ReportHeader, ReportModel } from "./model.ts";

export const STATUS_LABELS: Record<MetricStatus, string> = {
  met: "met",
  missed: "missed",
  no_target: "no target",
  no_data: "no data",
  stale: "stale",
};

/** An ISO instant of the report model in the report's zone: `2026-09-01 09:00 Asia/Tokyo`. */
export function formatInstant(iso: string, zone: string): string {
  return formatInstantIn(Date.parse(iso), zone);
}

/** The period's half-open interval in words, in the report's zone. */
export function periodRange(period: ReportHeader["period"], zone: string): string {
  return formatPeriodRange(Date.parse(period.start), Date.parse(period.end), zone);
}

/** An ISO instant's calendar date in the report's zone. */
export function dateOf(iso: string, zone: string): string {
  return formatDate(Date.parse(iso), zone);
}

/** Every metric row of a report, each once. */
export function allRows(report: ReportModel): MetricRow[] {
  const rows =
    report.kind === "iteration"
      ? [
          ...report.incident_response.rows,
          ...report.vulnerability_management.rows,
          ...report.application_security.rows,
          ...report.compliance.rows,
        ]
      : [...report.headline.flatMap((section) => section.rows), ...report.categories.flatMap((c) => c.rows)];
  const seen = new Set<string>();
  return rows.filter((row) => !seen.has(row.id) && seen.add(row.id));
}

const TREND_ORDER: Trend[] = ["worsening", "improving", "stable", "baseline_set", "insufficient_data"];
const TREND_WORDS: Record<Trend, string> = {
  worsening: "worsening",
  improving: "improving",
  stable: "stable",
  baseline_set: "baseline set",
  insufficient_data: "too little history",
};

/**
 * The iteration report's "Trend" beside the overall risk level, summed over the metrics
 * that have a current value: "baseline set" when every one is new, else how
 * many are worsening, improving and so on.
 */
export function postureTrend(rows: readonly MetricRow[]): string {
  const measured = rows.filter((row) => row.value !== null);
  if (measured.length === 0) return "no data";
  if (measured.every((row) => row.trend === "baseline_set")) return "baseline set";
  return TREND_ORDER.flatMap((trend) => {
    const count = measured.filter((row) => row.trend === trend).length;
    return count > 0 ? [`${count} ${TREND_WORDS[trend]}`] : [];
  }).join(", ");
}

/** The trend's evidence, worth printing when it is a verdict or explains the lack of one. */
export function trendEvidence(row: MetricRow): string | null {
  return row.trend === "worsening" || row.trend === "improving" || row.trend === "insufficient_data"
    ? row.trend_reason
    : null;
}

export const EMPTY_ROOT_CAUSES = "no critical/high production incident this period";
export const EMPTY_RECOMMENDATIONS =
  "No missed target, worsening trend or stale source this period: nothing to recommend.";
export const EMPTY_RECOMMENDATIONS_UNMEASURED =
  "Nothing is measured yet, so there is nothing to recommend: import the security tools' output first.";
export const NO_INCIDENT_RECORDS = "No incident records for this period.";

/** Whether the incident summary has nothing to count: zeros there would look like a quiet month. */
export function noIncidentRecords(report: IterationReport): boolean {
  const { note, summary } = report.incident_response;
  return note !== null && summary.total === 0 && summary.drills === 0;
}

export function emptyRecommendations(report: ReportModel): string {
  return report.posture.level === "Unknown" ? EMPTY_RECOMMENDATIONS_UNMEASURED : EMPTY_RECOMMENDATIONS;
}
