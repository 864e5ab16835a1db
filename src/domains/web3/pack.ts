import type { Store } from "../../store/store.ts";
import type { DataEnd, DomainPack } from "../domain-pack.ts";
import {
  eventEmissionCoverage,
  interfaceCollisions,
  newDeployments,
  registryChanges,
  registryCheck,
} from "./compute.ts";
import { eventEmissionCoverageDrill, interfaceCollisionsDrill, newDeploymentsDrill } from "./drill.ts";
import { WEB3_METRICS } from "./metrics.ts";
import { MIGRATIONS } from "./migrations.ts";
import { CONTRACT_DEPLOYMENT, type ContractDeployment } from "./records.ts";

/** Where the registry's data ends: its latest snapshot, named as such in a stale reason. */
async function registryEnd(store: Store): Promise<DataEnd | null> {
  const at = await store.latestRecord(CONTRACT_DEPLOYMENT.kind);
  return at === null ? null : { at, record: "deployments registry" };
}

/** Smart contracts: the deployments registry's latest snapshots, compared across the period and checked at its end. */
export const web3: DomainPack = {
  id: "web3",
  recordKinds: [CONTRACT_DEPLOYMENT],
  migrations: MIGRATIONS,
  metrics: WEB3_METRICS,
  families: [
    {
      metrics: ["new_deployments"],
      kinds: [CONTRACT_DEPLOYMENT.kind],
      dataEnd: registryEnd,
      async compute(store, { period }) {
        const [before, after] = await Promise.all([
          store.snapshot<ContractDeployment>(CONTRACT_DEPLOYMENT.kind, period.start),
          store.snapshot<ContractDeployment>(CONTRACT_DEPLOYMENT.kind, period.end),
        ]);
        return { new_deployments: newDeployments(registryChanges(before, after)) };
      },
      drill: (store, _metricId, context, limit) => newDeploymentsDrill(store, context, limit),
    },
    {
      metrics: ["interface_collisions"],
      kinds: [CONTRACT_DEPLOYMENT.kind],
      dataEnd: registryEnd,
      async compute(store, { period, config }) {
        const contracts = await store.snapshot<ContractDeployment>(CONTRACT_DEPLOYMENT.kind, period.end);
        return {
          interface_collisions: interfaceCollisions(registryCheck(contracts, config.web3.allowed_names)),
        };
      },
      drill: (store, _metricId, context, limit) => interfaceCollisionsDrill(store, context, limit),
    },
    {
      metrics: ["event_emission_coverage"],
      kinds: [CONTRACT_DEPLOYMENT.kind],
      dataEnd: registryEnd,
      async compute(store, { period }) {
        const contracts = await store.snapshot<ContractDeployment>(CONTRACT_DEPLOYMENT.kind, period.end);
        return { event_emission_coverage: eventEmissionCoverage(contracts) };
      },
      drill: (store, _metricId, context, limit) => eventEmissionCoverageDrill(store, context, limit),
    },
  ],
};
