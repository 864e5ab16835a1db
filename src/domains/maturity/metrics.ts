import { DAY_SECONDS, defineMetrics } from "../../model/metric-definition.ts";

export const MATURITY_SOURCES = ["samm-csv", "samm-yaml"];

/**
 * SAMM maturity. Assessments come once or twice a year, so a figure stays
 * current for a year after the latest one rather than the default four weeks.
 */
export const MATURITY_METRICS = defineMetrics("program", [
  {
    id: "maturity_score",
    name: "SAMM maturity score",
    description:
      "Mean OWASP SAMM v2 practice score (0–3) over every scope's latest assessment before period end.",
    unit: "score",
    direction: "up",
    chart: "xmr",
    sources: MATURITY_SOURCES,
    cadence_seconds: 366 * DAY_SECONDS,
  },
  {
    id: "maturity_gaps",
    name: "SAMM maturity gaps",
    description:
      "(scope, practice) pairs whose score in the latest assessment before period end is below the practice's target.",
    unit: "count",
    direction: "zero",
    chart: "xmr",
    target: { op: "==", value: 0 },
    sources: MATURITY_SOURCES,
    cadence_seconds: 366 * DAY_SECONDS,
  },
]);
