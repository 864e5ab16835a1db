import { defineMetrics } from "../../model/metric-definition.ts";

/** The automated compliance checks of XCCDF results (OpenSCAP and other SCAP scanners), Prowler scans, ASFF control findings (Security Hub, Prowler, kube-bench) and kube-bench JSON. */
export const COMPLIANCE_CHECK_METRICS = defineMetrics("compliance", [
  {
    id: "compliance_drift",
    name: "Compliance drift",
    description:
      "Drift events: automated compliance checks of an asset that passed at their previous result and fail at a result within the period.",
    unit: "count",
    direction: "zero",
    chart: "xmr",
    target: { op: "==", value: 0 },
    sources: ["xccdf", "prowler-ocsf", "prowler-csv", "prowler-compliance-csv", "asff", "kube-bench"],
  },
  {
    id: "controls_health",
    name: "Controls health",
    description:
      "% of in-scope assets whose Tier 0/1 baseline checks all pass at the latest result of each check at period end.",
    unit: "percent",
    direction: "up",
    chart: "p",
    target: { op: ">=", value: 95 },
    sources: ["xccdf", "prowler-ocsf", "prowler-csv", "prowler-compliance-csv", "asff", "kube-bench"],
  },
]);
