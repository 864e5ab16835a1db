import type { DomainPack } from "../domain-pack.ts";
import { configDriftEvents, deploymentMetrics } from "./compute.ts";
import { changeDrill, deploymentDrill } from "./drill.ts";
import { HYGIENE_METRICS } from "./metrics.ts";
import { CHANGE_EVENT, type ChangeEvent, DEPLOYMENT, type Deployment } from "./records.ts";

/** Infrastructure drift and deployments: changes that bypass the pipeline, fail or are rolled back. */
export const hygiene: DomainPack = {
  id: "hygiene",
  recordKinds: [CHANGE_EVENT, DEPLOYMENT],
  migrations: [],
  metrics: HYGIENE_METRICS,
  families: [
    {
      metrics: ["config_drift_events"],
      kinds: [CHANGE_EVENT.kind],
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
        return deploymentMetrics(await store.records<Deployment>(DEPLOYMENT.kind, period));
      },
      drill: deploymentDrill,
    },
  ],
};
