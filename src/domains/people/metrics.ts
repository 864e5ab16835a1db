import { defineMetrics } from "../../model/metric-definition.ts";

/** People: who is trained, which teams have a security champion, and who reports near-misses, from the roster at period end. */
export const PEOPLE_METRICS = defineMetrics("program", [
  {
    id: "training_compliance",
    name: "Training compliance",
    description:
      "% of active in-scope people (roster at period end) who completed every required course due by period end on or before its due date.",
    unit: "percent",
    direction: "up",
    chart: "p",
    target: { op: ">=", value: 95 },
    sources: ["people-csv", "training-csv", "knowbe4-enrollments"],
  },
  {
    id: "security_champion_coverage",
    name: "Security champion coverage",
    description:
      "% of teams (of active people on the roster at period end) with at least one active security champion.",
    unit: "percent",
    direction: "up",
    chart: "p",
    target: { op: ">=", value: 80 },
    sources: ["people-csv"],
  },
  {
    id: "near_misses_reported_by_staff",
    name: "Near-misses reported by staff",
    description:
      "Near-misses detected in the period whose reporter (`reported_by`, a person id or e-mail) is active on the roster at period end and outside the security teams: a culture where everyone reports what almost happened.",
    unit: "count",
    direction: "up",
    chart: "c",
    sources: ["incidents-csv", "incidents-json", "people-csv"],
  },
]);
