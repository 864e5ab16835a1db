import { defineMetrics } from "../../model/metric-definition.ts";

/** Compliance signals: defined and shown as "no data" until an importer feeds them. */
export const COMPLIANCE_METRICS = defineMetrics("compliance", [
  {
    id: "open_exceptions",
    name: "Open exceptions",
    description: "Approved exceptions active at period end.",
    unit: "count",
    direction: "down",
    chart: "xmr",
  },
  {
    id: "exceptions_expiring_30d",
    name: "Exceptions expiring within 30 days",
    description: "Active exceptions whose expiry falls within 30 days of period end.",
    unit: "count",
    direction: "tracked",
    chart: "xmr",
  },
  {
    id: "expired_exceptions",
    name: "Expired exceptions",
    description: "Approved exceptions past their expiry and not renewed or closed at period end.",
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
    id: "shadow_assets",
    name: "Shadow assets",
    description: "Assets seen in telemetry but absent from the inventory.",
    unit: "count",
    direction: "zero",
    chart: "xmr",
    target: { op: "==", value: 0 },
  },
]);
