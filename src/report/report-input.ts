import { complianceStatus } from "../app/compliance-status.ts";
import { drillDown } from "../app/drill-down.ts";
import type { KpiReport } from "../app/kpi-report.ts";
import { recommendationImpacts, withImpacts } from "../app/trackers/recommendation-impact.ts";
import { web3Registry } from "../app/web3-period.ts";
import type { Config } from "../config/schema.ts";
import type { DrillRow } from "../domains/drill-row.ts";
import { familyOf } from "../domains/registry.ts";
import { metricsToDrill, recommendationsShown, reviewPeriod } from "../review/review-period.ts";
import type { Store } from "../store/store.ts";
import type { ReportInput } from "./build.ts";

/** What a report of `kpis` is built from, the period's review included: every report kind of a period shares it. */
export async function reportInput(store: Store, kpis: KpiReport, config: Config): Promise<ReportInput> {
  const categoryOwners = Object.fromEntries(
    Object.entries(config.categories).flatMap(([category, value]) =>
      value?.owner ? [[category, value.owner]] : [],
    ),
  );
  const review = reviewPeriod(kpis, await recordsToName(store, kpis, config));
  const shown = recommendationsShown(kpis, review.recommendations);
  const exceptions = await registerExceptions(store, kpis, config);
  return {
    kpis,
    organisation: config.organisation,
    timezone: config.timezone,
    categoryOwners,
    review,
    actedOn: withImpacts(shown, await recommendationImpacts(store, kpis, shown, config)),
    ...(exceptions ? { exceptions } : {}),
    requirements: await complianceStatus(store, kpis.period.end),
    registry: await web3Registry(store, kpis.period, config),
  };
}

/** The exceptions of the registers in use at the period end, for the scorecard; none without register data. */
async function registerExceptions(
  store: Store,
  kpis: KpiReport,
  config: Config,
): Promise<DrillRow[] | undefined> {
  const open = kpis.metrics.find((metric) => metric.id === "open_exceptions");
  if (open?.value == null || !familyOf(open.id)) return undefined;
  return (await drillDown(store, open.id, kpis.period.id, config)).rows;
}

/** The drill-down rows of each metric that gets a recommendation, so that its action names the records. */
async function recordsToName(
  store: Store,
  kpis: KpiReport,
  config: Config,
): Promise<Map<string, DrillRow[]>> {
  const records = new Map<string, DrillRow[]>();
  for (const metricId of metricsToDrill(kpis)) {
    if (!familyOf(metricId)) continue;
    records.set(metricId, (await drillDown(store, metricId, kpis.period.id, config)).rows);
  }
  return records;
}
