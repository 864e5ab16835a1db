import { findMetric } from "../catalog/metrics.ts";
import type { Config } from "../config/schema.ts";
import type { DrillRow } from "../domains/drill-row.ts";
import { familyOf } from "../domains/registry.ts";
import { SecmetricsError } from "../model/errors.ts";
import { parsePeriod } from "../model/period.ts";
import type { Store } from "../store/store.ts";

export interface DrillDown {
  metric_id: string;
  period: { id: string; start: number; end: number };
  rows: DrillRow[];
  /** True when `limit` cut the list. */
  truncated: boolean;
}

/** The records a metric's value for `periodId` is computed from, with their provenance. */
export async function drillDown(
  store: Store,
  metricId: string,
  periodId: string,
  config: Config,
  limit = 1000,
): Promise<DrillDown> {
  if (!findMetric(metricId)) {
    throw new SecmetricsError(
      "not_found",
      `no metric "${metricId}"`,
      "`secmetrics catalog` lists the metric ids",
    );
  }
  const family = familyOf(metricId);
  if (!family)
    throw new SecmetricsError("not_found", `${metricId} has no records to show yet: no importer feeds it`);
  const period = parsePeriod(periodId, { timezone: config.timezone, iterations: config.iterations });
  const rows = await family.drill(store, metricId, { period, config }, limit);
  return {
    metric_id: metricId,
    period: { id: period.id, start: period.start, end: period.end },
    rows: rows.slice(0, limit),
    truncated: rows.length > limit,
  };
}
