import { type ComputeContext, computeKpis } from "../app/compute-kpis.ts";
import { incidentsDetected } from "../domains/detection-response/queries.ts";
import type { Store } from "../store/store.ts";
import { buildIterationReport, buildScorecard } from "./build.ts";
import { buildQuarterlyReport } from "./build-quarterly.ts";
import type { ReportModel } from "./model.ts";
import { reportInput } from "./report-input.ts";
import type { ReportKind } from "./report-kinds.ts";

/** The report of `kind` for `periodId`: a quarter (`2026-Q3`) for the quarterly review pack, any period for the others. */
export async function buildReport(
  store: Store,
  kind: ReportKind,
  periodId: string,
  ctx: ComputeContext,
): Promise<ReportModel> {
  if (kind === "quarterly") return buildQuarterlyReport(store, periodId, ctx);
  const kpis = await computeKpis(store, periodId, ctx);
  const input = await reportInput(store, kpis, ctx.config);
  if (kind === "scorecard") return buildScorecard(input);
  const incidents = await incidentsDetected(store, kpis.period);
  return buildIterationReport(input, incidents);
}
