import type { Config } from "../config/schema.ts";
import type { MetricDefinition } from "../model/metric-definition.ts";
import { CATALOG } from "./metrics.ts";

/** A catalog entry with the user's owner, target and cadence applied. */
export interface ResolvedMetric extends MetricDefinition {
  owner: string | null;
  hidden: boolean;
  manual_only: boolean;
}

export function resolveCatalog(config: Config): ResolvedMetric[] {
  return CATALOG.map((metric) => {
    const override = config.metrics[metric.id] ?? {};
    return {
      ...metric,
      owner: override.owner ?? config.categories[metric.category]?.owner ?? null,
      target: override.target === undefined ? metric.target : override.target,
      cadence_seconds: override.cadence ?? metric.cadence_seconds,
      hidden: override.hidden ?? false,
      manual_only: override.manual_only ?? false,
    };
  });
}
