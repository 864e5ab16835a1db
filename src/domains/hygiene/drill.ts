import type { Store } from "../../store/store.ts";
import type { DrillContext } from "../domain-pack.ts";
import { type DrillRow, recordRow } from "../drill-row.ts";
import { DEPLOYMENTS_OF, isDrift, manualVerdict } from "./compute.ts";
import { deploymentsOf } from "./queries.ts";
import {
  CHANGE_EVENT,
  type ChangeEvent,
  DEPLOYMENT,
  type Deployment,
  PLAN_RUN,
  type PlanRun,
} from "./records.ts";

/**
 * Every change found in the period, then the plans that ran in it: planned
 * changes and runs are listed but not counted, so a 0 shows the plans that
 * looked and found nothing.
 */
export async function changeDrill(store: Store, _metricId: string, { period }: DrillContext, limit: number) {
  const [changes, runs] = await Promise.all([
    store.records<ChangeEvent>(CHANGE_EVENT.kind, { ...period, limit: limit + 1 }),
    store.records<PlanRun>(PLAN_RUN.kind, { ...period, limit: limit + 1 }),
  ]);
  const changeRows = changes.map((c) =>
    recordRow(
      c,
      c.at,
      { address: c.address, change_type: c.change_type, action: c.action, replacement: c.replacement },
      isDrift(c),
      isDrift(c) ? null : "planned change, not drift",
    ),
  );
  const runRows = runs.map((r) =>
    recordRow(
      r,
      r.at,
      {
        terraform_version: r.terraform_version,
        drift_count: r.drift_count,
        change_count: r.change_count,
        unchanged_count: r.unchanged_count,
      },
      false,
      r.drift_count === 0 ? "plan run: no drift found" : `plan run: ${r.drift_count} drift listed apart`,
    ),
  );
  return [...changeRows, ...runRows].slice(0, limit + 1);
}

/** The deployments of the period the metric looks at; for manual changes, with each one's verdict. */
export async function deploymentDrill(
  store: Store,
  metricId: string,
  { period }: DrillContext,
  limit: number,
) {
  const deployments = await deploymentsOf(store, { ...period, limit: limit + 1 });
  const shown = DEPLOYMENTS_OF[metricId as keyof typeof DEPLOYMENTS_OF];
  return deployments.filter(shown).map((d) => {
    const fields: DrillRow["fields"] = {
      service: d.service,
      environment: d.environment,
      status: d.status,
      via_pipeline: d.via_pipeline,
      change_ticket: d.change_ticket,
      rollback_of: d.rollback_of,
      version: d.version,
    };
    if (metricId !== "manual_prod_changes") return recordRow(d, d.started_at, fields);
    const verdict = manualVerdict(d);
    return recordRow(
      d,
      d.started_at,
      fields,
      verdict === "manual",
      verdict === "unknown" ? "pipeline unknown: not counted" : null,
    );
  });
}
