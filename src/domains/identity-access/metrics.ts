import { defineMetrics } from "../../model/metric-definition.ts";

const ACCOUNT_SOURCES = ["iam-credential-report", "accounts-csv", "accounts-json"];
const TOKEN_SOURCES = ["iam-credential-report", "tokens-csv", "tokens-json"];

export const IDENTITY_ACCESS_METRICS = defineMetrics("identity_access", [
  {
    id: "privileged_accounts",
    name: "Privileged accounts",
    description: "Active accounts with admin privileges at period end.",
    unit: "count",
    direction: "down",
    chart: "xmr",
    sources: ACCOUNT_SOURCES,
  },
  {
    id: "orphaned_accounts",
    name: "Orphaned accounts",
    description:
      "Active accounts with no owner, a departed owner, or no use in orphan_after_days (default 90), at period end.",
    unit: "count",
    direction: "zero",
    chart: "xmr",
    target: { op: "==", value: 0 },
    sources: ACCOUNT_SOURCES,
  },
  {
    id: "token_expiry_compliance",
    name: "Token expiry compliance",
    description: "% of active tokens and keys within the maximum age or expiry policy at period end.",
    unit: "percent",
    direction: "up",
    chart: "p",
    target: { op: ">=", value: 100 },
    sources: TOKEN_SOURCES,
  },
]);
