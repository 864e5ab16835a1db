import { defineMetrics } from "../../model/metric-definition.ts";

/** People: who is trained and which teams have a security champion, from the roster at period end. */
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
]);
