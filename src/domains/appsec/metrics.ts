import { defineMetrics } from "../../model/metric-definition.ts";

export const APPSEC_METRICS = defineMetrics("application_security", [
  {
    id: "security_review_coverage",
    name: "Security review coverage",
    description:
      "% of high-risk controls verified in the period: at least one mapped test ran and passed, and no mapped test's latest run failed.",
    unit: "percent",
    direction: "up",
    chart: "p",
    target: { op: ">=", value: 100 },
    sources: ["junit", "security-controls-csv", "security-controls-yaml"],
  },
  {
    id: "patch_compliance",
    name: "Patch compliance",
    description:
      "% of direct dependencies within the allowed lag of their latest release, from the latest package manager listings before the period end.",
    unit: "percent",
    direction: "up",
    chart: "p",
    sources: ["npm-ls", "npm-outdated", "pip-list", "go-list-modules"],
  },
]);
