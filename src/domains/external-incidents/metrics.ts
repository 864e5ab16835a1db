import { defineMetrics } from "../../model/metric-definition.ts";

/** Learning from other projects: whether the team looks at each public incident while it is news. */
export const EXTERNAL_INCIDENTS_METRICS = defineMetrics("web3", [
  {
    id: "external_incidents_triaged",
    name: "External incidents triaged on time",
    description:
      "% of the relevant public incidents of other projects dated in the period (external_incidents.chains) triaged — applies to us or not — within external_incidents.triage_days days of their date (default 7); those not triaged with the days passed count against it.",
    unit: "percent",
    direction: "up",
    chart: "p",
    target: { op: ">=", value: 90 },
    sources: ["defihacklabs", "external-triage-csv"],
  },
]);
