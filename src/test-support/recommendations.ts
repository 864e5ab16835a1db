import type { Recommendation, RecordRef } from "../review/recommendation.ts";
import type { TrackerAction } from "../review/tracker-issue.ts";

/** A finding as a recommendation lists it. */
export function findingRef(cve: string, target: string, detail = "critical, openssl"): RecordRef {
  return {
    kind: "finding",
    id: `${target} ${cve}#0`,
    label: `${cve} on ${target}`,
    detail,
    days_overdue: 3,
    resolved: false,
  };
}

/** A recommendation with neutral defaults: only what a test is about is stated. */
export function recommendation(id: string, overrides: Partial<Recommendation> = {}): Recommendation {
  const [metric_id = id, kind = "missed_target"] = id.split(":");
  return {
    id,
    metric_id,
    kind: kind as Recommendation["kind"],
    category: "Vulnerability management",
    title: `Act on ${metric_id}`,
    priority: "High",
    rationale: `${metric_id} is off target.`,
    expected_impact: `${metric_id} meets its target`,
    owner: "team-platform",
    score: 32,
    score_basis: { severity: 16, persistence: 2, trend: 1 },
    records: [],
    records_total: 0,
    statistics: "history: 2026-08 3, 2026-09 4",
    ...overrides,
  };
}

/** A sync's plan as [kind, recommendation id] pairs: what a planner test compares. */
export function planSteps(plan: readonly TrackerAction[]): [string, string][] {
  return plan.map((action) => [
    action.kind,
    "draft" in action ? action.draft.recommendation_id : action.recommendation_id,
  ]);
}
