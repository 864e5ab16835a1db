import { defineMetrics } from "../../model/metric-definition.ts";

const DEPLOYMENT_SOURCES = [
  "deployments-csv",
  "deployments-json",
  "github-deployment-statuses",
  "github-deployments",
];

export const HYGIENE_METRICS = defineMetrics("operational_hygiene", [
  {
    id: "config_drift_events",
    name: "Config drift events",
    description: "Configuration drift (changes made outside the pipeline) detected in the period.",
    unit: "count",
    direction: "zero",
    chart: "c",
    target: { op: "==", value: 0 },
    sources: ["terraform-plan"],
  },
  {
    id: "manual_prod_changes",
    name: "Manual production changes",
    description: "Production deployments in the period with neither a pipeline nor a change ticket.",
    unit: "count",
    direction: "zero",
    chart: "c",
    target: { op: "==", value: 0 },
    sources: DEPLOYMENT_SOURCES,
  },
  {
    id: "failed_deployments",
    name: "Failed deployments",
    description: "Deployments that failed in the period.",
    unit: "count",
    direction: "down",
    chart: "c",
    sources: DEPLOYMENT_SOURCES,
  },
  {
    id: "rollbacks",
    name: "Rollbacks",
    description: "Deployments that rolled back an earlier one in the period.",
    unit: "count",
    direction: "down",
    chart: "c",
    sources: DEPLOYMENT_SOURCES,
  },
]);
