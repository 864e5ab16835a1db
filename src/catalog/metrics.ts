import { DOMAIN_PACKS } from "../domains/registry.ts";
import { CATEGORIES, type MetricDefinition } from "../model/metric-definition.ts";

/**
 * The built-in catalog: every domain's metrics, by category and, within a
 * category, in the order of the domain registry. Owners, targets and
 * cadences are overridden in secmetrics.yaml; the default targets are the
 * ones the security program's own documents set.
 */
export const CATALOG: readonly MetricDefinition[] = DOMAIN_PACKS.flatMap((pack) => pack.metrics)
  .map((metric, index) => ({ metric, index }))
  .sort(
    (a, b) =>
      CATEGORIES.indexOf(a.metric.category) - CATEGORIES.indexOf(b.metric.category) || a.index - b.index,
  )
  .map(({ metric }) => metric);

const BY_ID = new Map<string, MetricDefinition>();
for (const metric of CATALOG) {
  if (BY_ID.has(metric.id)) throw new Error(`metric ${metric.id} is defined twice`);
  BY_ID.set(metric.id, metric);
}

export function findMetric(id: string): MetricDefinition | undefined {
  return BY_ID.get(id);
}
