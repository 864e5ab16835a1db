import { type ComputeContext, computeKpis } from "../app/compute-kpis.ts";
import type { KpiReport } from "../app/kpi-report.ts";
import type { Config } from "../config/schema.ts";
import { incidentsDetected } from "../domains/detection-response/queries.ts";
import type { Store } from "../store/store.ts";
import { buildIterationReport, buildScorecard, type ReportInput } from "./build.ts";
import type { ReportModel } from "./model.ts";
import type { ReportKind } from "./report-kinds.ts";

export async function buildReport(
  store: Store,
  kind: ReportKind,
  periodId: string,
  ctx: ComputeContext,
): Promise<ReportModel> {
  const kpis = await computeKpis(store, periodId, ctx);
  const input = reportInput(kpis, ctx.config);
  if (kind === "scorecard") return buildScorecard(input);
  const incidents = await incidentsDetected(store, kpis.period);
  return buildIterationReport(input, incidents);
}

export function reportInput(kpis: KpiReport, config: Config): ReportInput {
  const categoryOwners = Object.fromEntries(
    Object.entries(config.categories).flatMap(([category, value]) =>
      value?.owner ? [[category, value.owner]] : [],
    ),
  );
  return { kpis, organisation: config.organisation, timezone: config.timezone, categoryOwners };
}
