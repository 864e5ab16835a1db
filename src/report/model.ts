import type { MetricStatus } from "../app/kpi-report.ts";
import type { Category, Unit } from "../model/metric-definition.ts";
import type { Recommendation } from "../review/recommendation.ts";
import type { PostureReview } from "../review/review-period.ts";
import type { Trend, XmrLimits } from "../trends/index.ts";

/**
 * The plain data every renderer (Markdown, HTML, JSON, terminal, dashboard)
 * draws from. Numbers are machine units; `current` and `target` are the
 * human text, so every format says the same thing.
 */
export interface MetricRow {
  id: string;
  name: string;
  category: Category;
  unit: Unit;
  value: number | null;
  current: string;
  target: string;
  status: MetricStatus;
  trend: Trend;
  trend_label: string;
  trend_reason: string;
  owner: string | null;
  n: number | null;
  /** Why there is no value, or why it is stale. */
  reason: string | null;
  /** History and current period, oldest first, for charts. */
  series: { period: string; value: number | null }[];
  limits: XmrLimits | null;
}

export interface ReportSection {
  title: string;
  rows: MetricRow[];
  /** Said instead of a table when nothing in the section has data. */
  note: string | null;
}

export interface ReportHeader {
  title: string;
  organisation: string;
  period: { id: string; start: string; end: string };
  generated_at: string;
  /** The configured IANA zone the period's bounds and every date are shown in. */
  timezone: string;
}

export interface IncidentSummary {
  total: number;
  critical: number;
  high: number;
  resolved: number;
  open: number;
  drills: number;
}

export interface RootCauseRow {
  root_cause: string;
  count: number;
  mitigation_status: string;
}

export interface IterationReport extends ReportHeader {
  kind: "iteration";
  incident_response: ReportSection & { summary: IncidentSummary; root_causes: RootCauseRow[] };
  vulnerability_management: ReportSection;
  application_security: ReportSection;
  compliance: ReportSection;
  /** The metrics the overall risk rests on that no section above shows; no rows when there are none. */
  other_risk_metrics: ReportSection;
  posture: PostureReview & { summary: string };
  recommendations: Recommendation[];
}

/** One row of the scorecard's exception list. */
export interface ExceptionItem {
  id: string;
  title: string;
  owner: string | null;
  state: "active" | "expiring" | "expired";
  expires_at: string;
}

export interface CategoryView {
  id: Category;
  name: string;
  owner: string | null;
  rows: MetricRow[];
}

export interface ScorecardReport extends ReportHeader {
  kind: "scorecard";
  headline: ReportSection[];
  exceptions: { note: string | null; items: ExceptionItem[] };
  posture: PostureReview;
  categories: CategoryView[];
  recommendations: Recommendation[];
}

export type ReportModel = IterationReport | ScorecardReport;
