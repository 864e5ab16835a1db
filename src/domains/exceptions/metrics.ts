import { defineMetrics } from "../../model/metric-definition.ts";

const SOURCES = ["exceptions-csv", "exceptions-yaml", "oscal-poam"];

/** The exceptions register at period end: what is waived, what falls due, what lapsed unrenewed. */
export const EXCEPTIONS_METRICS = defineMetrics("compliance", [
  {
    id: "open_exceptions",
    name: "Open exceptions",
    description:
      "Approved exceptions in force at period end: approved before it, not yet expired, not closed or revoked. Results a tool suppressed outside the register are shown apart as unregistered.",
    unit: "count",
    direction: "down",
    chart: "xmr",
    sources: SOURCES,
  },
  {
    id: "exceptions_expiring_30d",
    name: "Exceptions expiring within 30 days",
    description: "Open exceptions whose expiry falls within the 30 days after period end: renewals due.",
    unit: "count",
    direction: "tracked",
    chart: "xmr",
    sources: SOURCES,
  },
  {
    id: "expired_exceptions",
    name: "Expired exceptions",
    description:
      "Approved exceptions past their expiry at period end and neither renewed, closed nor revoked: missed renewals.",
    unit: "count",
    direction: "zero",
    chart: "xmr",
    target: { op: "==", value: 0 },
    sources: SOURCES,
  },
]);
