export type Priority = "High" | "Medium" | "Low";
export type RecommendationKind =
  | "missed_target"
  | "worsening"
  | "stale"
  | "not_rescanned"
  | "unregistered_exceptions"
  | "new_to_monitor"
  | "review_missing";

/** One record a recommendation acts on: a finding, an account, a drifted resource… as its drill-down lists it. */
export interface RecordRef {
  /** The drill-down's record kind ("finding", "account", "change_event", …). */
  kind: string;
  id: string;
  /** What to call it in a sentence: "CVE-2026-0105 on registry.example/api:main", "account rmensah". */
  label: string;
  /** The facts that make it urgent, in words: "critical, curl, 5 days past its due date". */
  detail: string;
  /** Whole days past its due date at the period's end, for a record with a due date still open. */
  days_overdue: number | null;
  /** Already dealt with (a finding fixed after its due date): listed, but no action names it. */
  resolved: boolean;
}

/** How a recommendation's score was reached: score = severity × persistence × trend. */
export interface ScoreBasis {
  /** 16 a critical item, 4 a zero-tolerance target missed, 2 another target missed or a silent source, 1 a worsening trend alone. */
  severity: number;
  /** Consecutive periods with the problem, this one included, counted up to 3. */
  persistence: number;
  /** 2 worsening, 1 stable or unjudged, 0.5 improving. */
  trend: number;
}

/** One row of the report's Recommendations table, specific enough to become a tracker issue. */
export interface Recommendation {
  /** Stable across runs for the same metric and kind, so a tracker export can update rather than duplicate. */
  id: string;
  metric_id: string;
  kind: RecommendationKind;
  category: string;
  /** The action, naming the records it is about when the drill-down can name them. */
  title: string;
  priority: Priority;
  /** Why, in plain words; the figures are in `statistics`. */
  rationale: string;
  expected_impact: string;
  owner: string | null;
  /** severity × persistence × trend; the list is ranked by it. */
  score: number;
  score_basis: ScoreBasis;
  /** The records the action is about, most urgent first, at most five. */
  records: RecordRef[];
  /** How many records are behind it in all (`records` may list fewer). */
  records_total: number;
  /** The figures behind the rationale: the trend test, the history and the score. */
  statistics: string;
}
