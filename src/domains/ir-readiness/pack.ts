import type { Store } from "../../store/store.ts";
import type { DataEnd, DomainPack } from "../domain-pack.ts";
import { PERSON } from "../people/records.ts";
import { TABLETOP } from "../tabletops/records.ts";
import { irRolesFilled, runbooksExercised, runbooksReviewed } from "./compute.ts";
import { exerciseDrill, reviewDrill, roleDrill } from "./drill.ts";
import { IR_PLAN_METRICS } from "./metrics.ts";
import { MIGRATIONS } from "./migrations.ts";
import { rolesAt, runbooksAt } from "./queries.ts";
import { IR_PLAN, IR_ROLE, RUNBOOK } from "./records.ts";

/** Where the plan's data ends: its latest snapshot, whatever the roster or the tabletops say. */
async function planEnd(store: Store, kind: string): Promise<DataEnd | null> {
  const at = await store.latestRecord(kind);
  return at === null ? null : { at, record: "incident-response plan" };
}

/**
 * Incident-response readiness, from the plan's latest snapshot before the
 * period end: its roles checked against the people roster of that instant,
 * its runbooks against their review cadence and against the tabletops
 * that ran them. The plan is the denominator: before its first import
 * there is nothing to judge, and a plan not re-read for a quarter is stale.
 */
export const irReadiness: DomainPack = {
  id: "ir-readiness",
  recordKinds: [IR_PLAN, IR_ROLE, RUNBOOK],
  migrations: MIGRATIONS,
  metrics: IR_PLAN_METRICS,
  families: [
    {
      metrics: ["ir_roles_filled"],
      kinds: [IR_ROLE.kind, PERSON.kind],
      dataStart: (store) => store.earliestRecord(IR_ROLE.kind),
      dataEnd: (store) => planEnd(store, IR_ROLE.kind),
      async compute(store, { period }) {
        const { roles, people } = await rolesAt(store, period.end);
        return { ir_roles_filled: irRolesFilled(roles, people) };
      },
      drill: roleDrill,
    },
    {
      metrics: ["runbooks_reviewed", "runbooks_exercised"],
      kinds: [RUNBOOK.kind, TABLETOP.kind],
      dataStart: (store) => store.earliestRecord(RUNBOOK.kind),
      dataEnd: (store) => planEnd(store, RUNBOOK.kind),
      async compute(store, { period, config }) {
        const { runbooks, tabletops } = await runbooksAt(store, period.end);
        return {
          runbooks_reviewed: runbooksReviewed(runbooks, period.end, config.timezone),
          runbooks_exercised: runbooksExercised(runbooks, tabletops, period.end, config.timezone),
        };
      },
      drill: (store, metricId, context, limit) =>
        metricId === "runbooks_reviewed"
          ? reviewDrill(store, metricId, context, limit)
          : exerciseDrill(store, metricId, context, limit),
    },
  ],
};
