import { DAY_SECONDS, defineMetrics } from "../../model/metric-definition.ts";

/** A plan is re-read at least once a quarter: older, its roles and runbooks say nothing of today. */
const PLAN_CADENCE = 92 * DAY_SECONDS;

/**
 * Incident-response readiness: whether the plan names someone for every
 * role, and whether its runbooks are kept current and rehearsed, each read
 * from the plan's latest snapshot before the period end.
 */
export const IR_PLAN_METRICS = defineMetrics("program", [
  {
    id: "ir_roles_filled",
    name: "IR roles filled",
    description:
      "% of the incident-response plan's roles (plan at period end) with a named holder and a named deputy, two different people, both active on the people roster at period end when a roster is imported (someone who left, or is not on it, leaves the role empty).",
    unit: "percent",
    direction: "up",
    chart: "p",
    target: { op: ">=", value: 100 },
    sources: ["ir-plan", "people-csv"],
    cadence_seconds: PLAN_CADENCE,
  },
  {
    id: "runbooks_reviewed",
    name: "Runbooks reviewed",
    description:
      "% of the plan's runbooks (plan at period end) last reviewed before period end and no longer ago than their review cadence (review_every) at period end; a runbook never reviewed is overdue.",
    unit: "percent",
    direction: "up",
    chart: "p",
    target: { op: ">=", value: 90 },
    sources: ["ir-plan"],
    cadence_seconds: PLAN_CADENCE,
  },
  {
    id: "runbooks_exercised",
    name: "Runbooks exercised",
    description:
      "% of the plan's runbooks (plan at period end) that a tabletop or drill held in the 12 months before period end names among the runbooks it ran (its `runbooks`, by runbook id or link).",
    unit: "percent",
    direction: "up",
    chart: "p",
    target: { op: ">=", value: 80 },
    sources: ["ir-plan", "tabletops"],
    cadence_seconds: PLAN_CADENCE,
  },
]);
