import { defineMetrics } from "../../model/metric-definition.ts";

/** What the public trust center promises by itself: a security contact that has not lapsed. */
export const TRUST_METRICS = defineMetrics("compliance", [
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
