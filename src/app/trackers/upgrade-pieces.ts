import type { Config } from "../../config/schema.ts";
import type { DrillRow } from "../../domains/drill-row.ts";
import { familyOf } from "../../domains/registry.ts";
import type { Recommendation } from "../../review/recommendation.ts";
import type { UpgradePiece } from "../../review/upgrade-piece.ts";
import { splitsIntoUpgrades, upgradePieces } from "../../review/upgrade-split.ts";
import type { Store } from "../../store/store.ts";
import { drillDown } from "../drill-down.ts";
import type { KpiReport } from "../kpi-report.ts";

/**
 * The upgrades the period's recommendations split into: the drill-down of
 * each metric a recommendation on findings is about, read whole (not the
 * five records a recommendation names), judged at the instant the review
 * judges its records.
 */
export async function periodUpgrades(
  store: Store,
  kpis: KpiReport,
  recommendations: readonly Recommendation[],
  config: Config,
): Promise<UpgradePiece[]> {
  const at = Math.min(kpis.generated_at, kpis.period.end);
  const metricIds = new Set(recommendations.filter(splitsIntoUpgrades).map((r) => r.metric_id));
  const records = new Map<string, DrillRow[]>();
  for (const metricId of metricIds)
    if (familyOf(metricId))
      records.set(metricId, (await drillDown(store, metricId, kpis.period.id, config)).rows);
  return upgradePieces(recommendations, kpis.metrics, records, at);
}
