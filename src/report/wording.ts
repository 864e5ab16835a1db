/**
 * Words every renderer shares, so the Markdown, the HTML and the dashboard
 * say the same thing about the same report.
 */
import type { MetricStatus } from "../app/kpi-report.ts";
import { formatDate, formatInstant as formatInstantIn, formatPeriodRange } from "../model/format.ts";
import type { RecommendationStatus } from "../review/tracker-issue.ts";
import type { Trend } from "../trends/index.ts";
import { REQUIREMENT_STATUS_LABELS } from "./compliance-status.ts";
import type { IterationReport, MetricRow, ReportHeader, ReportModel, RequirementTable } from "./model.ts";

export const STATUS_LABELS: Record<MetricStatus, string> = {
  met: "met",
  missed: "missed",
  no_target: "no target",
  no_data: "no data",
  stale: "stale",
};

export const RECOMMENDATION_STATUS_LABELS: Record<RecommendationStatus, string> = {
  new: "new",
  tracked: "tracked",
  done_awaiting_verification: "done, awaiting verification",
  verified_effective: "verified effective",
  verified_no_effect: "verified, no effect",
  dismissed: "dismissed",
};

export const IMPACT_TITLE = "Impact of Recommendations Acted On";
export const IMPACT_NOTE =
  "Each recommendation of the periods shown whose issue was closed or whose action item was verified: what it expected beside what its metric did since, judged against the limits of the periods before.";

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

/** `9 requirements: 4 not met, 2 partial, 1 not assessed, 2 met` (the statuses with none left out). */
export function requirementCounts(table: RequirementTable): string {
  const counts = Object.entries(table.by_status)
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${n} ${REQUIREMENT_STATUS_LABELS[status as keyof typeof table.by_status]}`);
  return `${table.total} requirement${table.total === 1 ? "" : "s"}: ${counts.join(", ")}`;
}

/** What the cap left out, so a short table is never read as the whole of it. */
export function omittedRequirements(table: RequirementTable): string {
  return `Showing the ${table.rows.length} most urgent of ${table.total} requirements: the ${table.omitted} less urgent are left out.`;
}
