import { countValue, type MetricValue } from "../metric-value.ts";
import type { ChangeEvent, Deployment } from "./records.ts";

/** Planned changes are not drift. */
export function isDrift(change: ChangeEvent): boolean {
  return change.change_type === "drift";
}

/** `config_drift_events`: drift found in the period. */
export function configDriftEvents(changes: readonly ChangeEvent[]): MetricValue {
  const drift = changes.filter(isDrift);
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

/** The deployments each deployment metric looks at (manual ones among production, by `manualVerdict`). */
export const DEPLOYMENTS_OF = {
  manual_prod_changes: (d: Deployment) => isProduction(d.environment),
  failed_deployments: (d: Deployment) => d.status === "failure",
  rollbacks: (d: Deployment) => d.rollback_of !== null,
} as const;

/** A deployment's identity, as `rolledBackVersions` keys it. */
export const deploymentKey = (d: { feed: string; external_id: string }) => `${d.feed}|${d.external_id}`;

/**
 * The deployments with the rollbacks their versions show (`rolledBackVersions`)
 * named in `rollback_of`; a rollback the source declared itself keeps its own.
 */
export function withRecognisedRollbacks<D extends Deployment>(
  deployments: readonly D[],
  replaced: ReadonlyMap<string, string>,
): D[] {
  return deployments.map((d) =>
    d.rollback_of === null && replaced.has(deploymentKey(d))
      ? { ...d, rollback_of: replaced.get(deploymentKey(d)) ?? null }
      : d,
  );
}

/**
 * `manual_prod_changes`, `failed_deployments`, `rollbacks` over the
 * deployments started in the period (every environment for failures and
 * rollbacks, with production apart in the details).
 */
export function deploymentMetrics(deployments: readonly Deployment[]): Record<string, MetricValue> {
  const production = deployments.filter(DEPLOYMENTS_OF.manual_prod_changes);
  const verdicts = production.map(manualVerdict);
  const failed = deployments.filter(DEPLOYMENTS_OF.failed_deployments);
  const rollbacks = deployments.filter(DEPLOYMENTS_OF.rollbacks);
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
