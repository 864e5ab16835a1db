import { DAY_SECONDS, defineMetrics } from "../../model/metric-definition.ts";

/** Questionnaires arrive when customers send them, and a library changes when answers do: a quarter may pass without either. */
const QUARTERLY = 92 * DAY_SECONDS;

/** How much of sales gets past security without a review, and how long the review takes for the rest. */
const SALES_METRICS = defineMetrics("program", [
  {
    id: "fast_lane_share",
    name: "Fast lane share",
    description:
      "% of the deals closed in the period that accepted the Standard Security Addendum instead of a security review.",
    unit: "percent",
    direction: "up",
    chart: "p",
    sources: ["deals-csv"],
  },
  {
    id: "security_review_cycle_time",
    name: "Security review cycle time",
    description:
      "Median time from the start to the end of the security review of the deals closed in the period that did not accept the addendum (90th percentile beside it; reviews not ended counted as open).",
    unit: "seconds",
    direction: "down",
    chart: "xmr",
    sources: ["deals-csv"],
  },
  {
    id: "questionnaire_deflection_rate",
    name: "Questionnaire deflection rate",
    description:
      "% of the questions of the questionnaires filled in the period answered from the answer library with no flag (each questionnaire counted once, as last filled).",
    unit: "percent",
    direction: "up",
    chart: "p",
    sources: ["questionnaire-fill"],
    cadence_seconds: QUARTERLY,
  },
  {
    id: "answers_past_review",
    name: "Answers past review",
    description:
      "Answers of the answer library (its latest import before the period end) whose review_by date has passed at the period end.",
    unit: "count",
    direction: "zero",
    chart: "xmr",
    target: { op: "==", value: 0 },
    sources: ["answer-library"],
    cadence_seconds: QUARTERLY,
  },
]);

/** What the public trust center promises by itself: a security contact that has not lapsed. */
const TRUST_CENTER_METRICS = defineMetrics("compliance", [
  {
    id: "security_txt_days_left",
    name: "Days until security.txt expires",
    description:
      "Whole days from the period end to the Expires of the security.txt published then (the latest trust file imported before the period end); 0 once it has expired.",
    unit: "count",
    direction: "up",
    chart: "xmr",
    target: { op: ">=", value: 30 },
    sources: ["trust-yaml"],
  },
]);

export const TRUST_METRICS = [...SALES_METRICS, ...TRUST_CENTER_METRICS];
