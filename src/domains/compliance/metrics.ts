import { defineMetrics } from "../../model/metric-definition.ts";

/** Compliance signals: defined and shown as "no data" until an importer feeds them. */
export const COMPLIANCE_METRICS = defineMetrics("compliance", [
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
