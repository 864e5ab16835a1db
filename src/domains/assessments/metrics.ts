import { DAY_SECONDS, defineMetrics } from "../../model/metric-definition.ts";

/** The importers of the assessments register. */
export const ASSESSMENT_SOURCES = ["assessments-csv", "assessments-yaml"];

/**
 * A register is updated when an assessment is held or a finding moves, so
 * weeks without a change are normal: a quarter without one is stale.
 */
const QUARTER_SECONDS = 92 * DAY_SECONDS;

/** Continuous assessment: whether scheduled assessments are held on time, and whether their findings get fixed. */
export const ASSESSMENTS_METRICS = defineMetrics("program", [
  {
    id: "assessments_on_schedule",
    name: "Assessments on schedule",
    description:
      "% of scheduled assessments (assessments.schedule) whose latest due date before period end was met: held (completed) by that date plus the grace.",
    unit: "percent",
    direction: "up",
    chart: "p",
    target: { op: ">=", value: 100 },
    sources: ASSESSMENT_SOURCES,
    cadence_seconds: QUARTER_SECONDS,
  },
  {
    id: "assessment_findings_open",
    name: "Open assessment findings",
    description: "Findings of assessments reported before period end and not resolved by it.",
    unit: "count",
    direction: "down",
    chart: "xmr",
    sources: ASSESSMENT_SOURCES,
    cadence_seconds: QUARTER_SECONDS,
  },
  {
    id: "assessment_remediation_verified",
    name: "Verified assessment remediation",
    description: "% of assessment findings resolved by period end whose fix someone verified by period end.",
    unit: "percent",
    direction: "up",
    chart: "p",
    target: { op: ">=", value: 90 },
    sources: ASSESSMENT_SOURCES,
    cadence_seconds: QUARTER_SECONDS,
  },
]);
