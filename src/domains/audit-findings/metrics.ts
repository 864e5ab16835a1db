import { defineMetrics } from "../../model/metric-definition.ts";

/** The audit findings register at period end: what auditors, testers and regulators found and is not yet fixed. */
export const AUDIT_FINDINGS_METRICS = defineMetrics("compliance", [
  {
    id: "audit_findings",
    name: "Audit findings",
    description:
      "Audit findings (external, internal, pentest, regulator) opened before period end and not closed by it.",
    unit: "count",
    direction: "zero",
    chart: "xmr",
    target: { op: "==", value: 0 },
    sources: ["audit-findings-csv", "audit-findings-yaml", "oscal-assessment-results"],
  },
]);
