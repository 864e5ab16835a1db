import { defineMetrics } from "../../model/metric-definition.ts";

/** Compliance signals: defined and shown as "no data" until an importer feeds them. */
export const COMPLIANCE_METRICS = defineMetrics("compliance", [
  {
    id: "compliance_drift",
    name: "Compliance drift",
    description: "Automated compliance checks failing at period end.",
    unit: "count",
    direction: "zero",
    chart: "xmr",
    target: { op: "==", value: 0 },
  },
  {
    id: "audit_findings",
    name: "Audit findings",
    description: "Open external audit findings at period end.",
    unit: "count",
    direction: "zero",
    chart: "xmr",
    target: { op: "==", value: 0 },
  },
  {
    id: "controls_health",
    name: "Controls health",
    description: "% of Tier 0/1 assets compliant with their baseline at period end.",
    unit: "percent",
    direction: "up",
    chart: "p",
    target: { op: ">=", value: 95 },
  },
  {
    id: "shadow_assets",
    name: "Shadow assets",
    description: "Assets seen in telemetry but absent from the inventory.",
    unit: "count",
    direction: "zero",
    chart: "xmr",
    target: { op: "==", value: 0 },
  },
]);
