import type { ChangeEvent, Deployment } from "../model/events.ts";
import { countValue, type MetricValue } from "./metric-value.ts";

/** `config_drift_events`: drift found in the period (planned changes are not drift). */
export function configDriftEvents(changes: readonly ChangeEvent[]): MetricValue {
  const drift = changes.filter((c) => c.change_type === "drift");
  return countValue(drift.length, {
    replacements: drift.filter((c) => c.replacement).length,
    planned_changes: changes.length - drift.length,
  });
}

/** `production`, `prod`, `prod-eu`, `Production`: the environments `manual_prod_changes` looks at. */
export function isProduction(environment: string): boolean {
  return /^prod(uction)?(\b|[-_])/i.test(environment);
}

export type ManualVerdict = "manual" | "unknown" | "managed";

/**
 * A production deployment is manual when it ran outside a pipeline
 * (`via_pipeline` false) and has no change ticket; when the source cannot
 * tell (`via_pipeline` null, e.g. GitHub statuses) and there is no ticket,
 * it is unknown and reported apart, not counted.
 */
export function manualVerdict(deployment: Deployment): ManualVerdict {
  if (deployment.change_ticket !== null || deployment.via_pipeline === true) return "managed";
  return deployment.via_pipeline === false ? "manual" : "unknown";
}

/**
 * `manual_prod_changes`, `failed_deployments`, `rollbacks` over the
 * deployments started in the period (every environment for failures and
 * rollbacks, with production apart in the details).
 */
export function deploymentMetrics(deployments: readonly Deployment[]): Record<string, MetricValue> {
  const production = deployments.filter((d) => isProduction(d.environment));
  const verdicts = production.map(manualVerdict);
  const failed = deployments.filter((d) => d.status === "failure");
  const rollbacks = deployments.filter((d) => d.rollback_of !== null);
  return {
    manual_prod_changes: countValue(verdicts.filter((v) => v === "manual").length, {
      production_deployments: production.length,
      unknown_pipeline: verdicts.filter((v) => v === "unknown").length,
    }),
    failed_deployments: countValue(failed.length, {
      deployments: deployments.length,
      production: failed.filter((d) => isProduction(d.environment)).length,
    }),
    rollbacks: countValue(rollbacks.length, {
      production: rollbacks.filter((d) => isProduction(d.environment)).length,
    }),
  };
}
