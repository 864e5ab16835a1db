/**
 * Words every renderer shares, so the Markdown, the HTML and the dashboard
 * say the same thing about the same report.
 */
import type { MetricStatus } from "../app/kpi-report.ts";
import type { IterationReport, MetricRow, ReportHeader, ReportModel } from "./model.ts";

export const STATUS_LABELS: Record<MetricStatus, string> = {
  met: "met",
  missed: "missed",
  no_target: "no target",
  no_data: "no data",
  stale: "stale",
};

/** `2026-09-01T00:00:00.000Z` → `2026-09-01 00:00 UTC`. */
export function formatInstant(iso: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return match ? `${match[1]} ${match[2]} UTC` : iso;
}

/** The period's half-open interval in words; dates alone when both bounds are at midnight UTC. */
export function periodRange(period: ReportHeader["period"]): string {
  const midnight = (iso: string) => /T00:00:00(\.000)?Z$/.test(iso);
  if (midnight(period.start) && midnight(period.end)) {
    const lastDay = new Date(Date.parse(period.end) - 1).toISOString().slice(0, 10);
    return `${period.start.slice(0, 10)} to ${lastDay} (UTC)`;
  }
  return `${formatInstant(period.start)} to ${formatInstant(period.end)} (end excluded)`;
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
