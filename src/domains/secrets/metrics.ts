import { DAY_SECONDS, defineMetrics } from "../../model/metric-definition.ts";

const SOURCES = ["github-secret-scanning"];

/** Secrets committed to code: how many were exposed, and how fast the exposed ones were revoked. */
export const SECRETS_METRICS = defineMetrics("application_security", [
  {
    id: "secrets_exposed",
    name: "Secrets exposed",
    description:
      "Secret scanning alerts opened in the period, less those resolved as no live secret (false positive, used in tests, pattern edited or deleted); the still-open, publicly leaked, still-active and push-protection-bypassed ones beside it.",
    unit: "count",
    direction: "zero",
    chart: "c",
    target: { op: "==", value: 0 },
    sources: SOURCES,
  },
  {
    id: "secret_time_to_revoke",
    name: "Secret time to revoke",
    description:
      "Median time from a secret scanning alert's creation to its resolution as revoked, over the alerts revoked in the period (90th percentile beside it); the exposed secrets still unresolved at the period end are the open ones.",
    unit: "seconds",
    direction: "down",
    chart: "xmr",
    target: { op: "<=", value: DAY_SECONDS },
    sources: SOURCES,
  },
]);
