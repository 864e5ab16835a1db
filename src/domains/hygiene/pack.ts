import type { DomainPack } from "../domain-pack.ts";
import { configDriftEvents, deploymentMetrics } from "./compute.ts";
import { changeDrill, deploymentDrill } from "./drill.ts";
import { HYGIENE_METRICS } from "./metrics.ts";
import { MIGRATIONS } from "./migrations.ts";
import { deploymentsOf } from "./queries.ts";
import { CHANGE_EVENT, type ChangeEvent, DEPLOYMENT, PLAN_RUN } from "./records.ts";

/** Infrastructure drift and deployments: changes that bypass the pipeline, fail or are rolled back. */
export const hygiene: DomainPack = {
  id: "hygiene",
  recordKinds: [CHANGE_EVENT, PLAN_RUN, DEPLOYMENT],
  migrations: MIGRATIONS,
  metrics: HYGIENE_METRICS,
  families: [
    {
      metrics: ["config_drift_events"],
      // Data begins with the first plan that ran, drift or not: a plan that found none counts 0. It
      // ends with the last plan run (listed first, so that it names the end its drift shares).
      kinds: [PLAN_RUN.kind, CHANGE_EVENT.kind],
      async compute(store, { period }) {
        return {
          config_drift_events: configDriftEvents(await store.records<ChangeEvent>(CHANGE_EVENT.kind, period)),
        };
      },
      drill: changeDrill,
    },
    {
      metrics: ["manual_prod_changes", "failed_deployments", "rollbacks"],
      kinds: [DEPLOYMENT.kind],
      async compute(store, { period }) {
        return deploymentMetrics(await deploymentsOf(store, period));
      },
      drill: deploymentDrill,
    },
  ],
};
