import type { MetricStatus } from "../app/kpi-report.ts";
import type { RequirementStatus } from "../domains/compliance-checks/requirements.ts";
import type { InterfaceRule } from "../domains/web3/collisions.ts";
import type { Category, Unit } from "../model/metric-definition.ts";
import type { Recommendation } from "../review/recommendation.ts";
import type { PostureReview } from "../review/review-period.ts";
import type { RecommendationStatus } from "../review/tracker-issue.ts";
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

/** One framework requirement of the iteration report's compliance status. */
export interface RequirementRow {
  /** Null for a control that only audit findings name: no check evidences it. */
  framework: string | null;
  requirement: string;
  /** The framework and the requirement: `NIST-800-53 AC-6(2)`. */
  label: string;
  status: RequirementStatus;
  status_label: string;
  /** Failing (asset, check) pairs not suppressed, plus open audit findings on its control. */
  open_gaps: number;
  failing_checks: number;
  open_audit_findings: number;
  /** Failures the tool was told to suppress: apart from the gaps, never counted as met. */
  suppressed_failures: number;
  passing_checks: number;
  /** (asset, check) pairs awaiting a manual assessment (notchecked, informational). */
  unassessed_checks: number;
  /**
   * The gaps in words, then apart what else keeps it from being met:
   * `3 (1 failing check, 2 audit findings)`, `0; 1 suppressed failure; 2 awaiting manual assessment`.
   */
  gaps_text: string;
  /** The earliest due date of its open audit findings, else the earliest expiry of an approved exception on it. */
  target_resolution: {
    at: string;
    source: "audit_finding" | "exception";
    id: string;
    /** Already past at the period end. */
    overdue: boolean;
  } | null;
  /** The target in words, in the report's zone: `2026-10-20, audit finding AF-3 (overdue)`, or `none`. */
  target_text: string;
}

/** The compliance status by framework requirement, the most urgent first. */
export interface RequirementTable {
  /** Said instead of the table when no check names a requirement and no open finding a control. */
  note: string | null;
  /** At most `REQUIREMENT_ROWS` rows: not met first, then by open gaps. */
  rows: RequirementRow[];
  /** Every requirement, the rows left out included. */
  total: number;
  by_status: Record<RequirementStatus, number>;
  /** Requirements past the cap, the least urgent, not listed. */
  omitted: number;
}

/** A contract new in the registry over the period. */
export interface NewDeploymentRow {
  chain_id: number;
  name: string | null;
  address: string;
  deployed_at: string | null;
  /** In the report's zone, or `not recorded` when the deployment file says no time. */
  deployed_text: string;
}

/** A collision among the registry's ABIs at the period end: a finding `interface_collisions` counts. */
export interface CollisionRow {
  rule: InterfaceRule;
  /** The rule in words: `selector collision`, `indexed mismatch`. */
  rule_label: string;
  /** The shared selector or topic0, the event signature, or the name. */
  key: string;
  /** Each signature (with its indexed layout when that is what differs) and the contracts declaring it. */
  members: { signature: string; contracts: string[] }[];
}

/** One of the smart contracts tables: at most `CONTRACT_ROWS` rows, and what the cap left out. */
export interface CappedRows<Row> {
  rows: Row[];
  total: number;
  omitted: number;
  /** Said under the table when rows were left out. */
  omitted_text: string | null;
}

/** The deployments registry over the period: its metrics, the contracts it added and its collisions at the end. */
export interface SmartContractsSection extends ReportSection {
  /** Contracts in the registry at the period end, and on how many chains. */
  contracts: number;
  chains: number;
  /** Those counts and the tables' totals in words. */
  summary: string;
  new_deployments: CappedRows<NewDeploymentRow>;
  collisions: CappedRows<CollisionRow>;
}

export interface IterationReport extends ReportHeader {
  kind: "iteration";
  incident_response: ReportSection & { summary: IncidentSummary; root_causes: RootCauseRow[] };
  vulnerability_management: ReportSection;
  application_security: ReportSection;
  /** The compliance metrics, and the status of each framework requirement. */
  compliance: ReportSection & { requirements: RequirementTable };
  /** Present when a deployments registry exists before the period end. */
  smart_contracts: SmartContractsSection | null;
  /** The metrics the overall risk rests on that no section above shows; no rows when there are none. */
  other_risk_metrics: ReportSection;
  posture: PostureReview & { summary: string };
  recommendations: Recommendation[];
  /** The recommendations acted on in the periods shown, the latest work first; shown only when there are some. */
  impact: ImpactRow[];
}

/** A recommendation acted on: what it expected beside what its metric did since. */
export interface ImpactRow {
  recommendation_id: string;
  title: string;
  expected_impact: string;
  /** "github issue 12 closed on 2026-07-01". */
  acted_on: string;
  status: RecommendationStatus;
  /** The judgement with its figures: "Mean time to detect fell from 9 min to 4.2 min after …". */
  what_happened: string;
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

/** One metric over the three months of a quarter. */
export interface QuarterTrendRow {
  id: string;
  name: string;
  unit: Unit;
  owner: string | null;
  /** Each month's value in words, the first month first: `no data` or `stale` when it has none. */
  months: string[];
  target: string;
  /** Against its target in the quarter's last month. */
  status: MetricStatus;
  /** The trend of the monthly series up to the quarter's last month. */
  trend: Trend;
  trend_label: string;
}

/** A category's metrics with a value in at least one month of the quarter. */
export interface QuarterTrendCategory {
  id: Category;
  name: string;
  owner: string | null;
  rows: QuarterTrendRow[];
}

/** The review meeting of the quarter, as recorded with `secmetrics review record`. */
export interface QuarterReviewStatus {
  reviews: { reviewed_by: string; reviewed_at: string; decisions: string[] }[];
  /** The quarter has ended and nobody recorded its review: flagged, and a recommendation. */
  missing: boolean;
  /** Who reviewed and when, or that nobody did, in words. */
  summary: string;
}

/**
 * A table of the quarterly report that one section builder fills from the
 * store: post-mortem learnings, overdue action items, near-misses… Every
 * format renders any such table the same way, so a new one needs no
 * renderer change.
 */
export interface QuarterlyTable {
  id: string;
  title: string;
  /** What the table lists and how it was chosen, in one or two sentences. */
  definition: string;
  columns: string[];
  rows: string[][];
  /** Said instead of the table when it has no rows. */
  empty: string;
}

/** The quarterly review meeting pack: the quarter's trends, the program, what was learned, who did well. */
export interface QuarterlyReport extends ReportHeader {
  kind: "quarterly";
  /** The quarter's months, `2026-07` first. */
  months: string[];
  review: QuarterReviewStatus;
  trends: QuarterTrendCategory[];
  /** The catalog's program metrics over the quarter, with the earlier quarters as history. */
  program: ReportSection;
  sections: QuarterlyTable[];
  posture: PostureReview;
  recommendations: Recommendation[];
}

export type ReportModel = IterationReport | ScorecardReport | QuarterlyReport;
