import { defineMetrics } from "../../model/metric-definition.ts";

/** How much of sales gets past security without a review, and how long the review takes for the rest. */
export const TRUST_METRICS = defineMetrics("program", [
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
]);
