import type { DomainPack } from "../domain-pack.ts";
import { governanceMetrics, governancePolicy } from "./compute.ts";
import { governanceDrill } from "./drill.ts";
import { GOVERNANCE_METRICS } from "./metrics.ts";
import { MIGRATIONS } from "./migrations.ts";
import { GOVERNANCE_PROPOSAL, type GovernanceProposal } from "./records.ts";

/** DAO governance: the Snapshot proposals whose vote ends in the period, judged at `now`. */
export const governance: DomainPack = {
  id: "governance",
  recordKinds: [GOVERNANCE_PROPOSAL],
  migrations: MIGRATIONS,
  metrics: GOVERNANCE_METRICS,
  families: [
    {
      metrics: GOVERNANCE_METRICS.map((metric) => metric.id),
      kinds: [GOVERNANCE_PROPOSAL.kind],
      async compute(store, { period, now, config }) {
        const proposals = await store.records<GovernanceProposal>(GOVERNANCE_PROPOSAL.kind, period);
        return governanceMetrics(proposals, governancePolicy(config), now);
      },
      drill: governanceDrill,
    },
  ],
};
