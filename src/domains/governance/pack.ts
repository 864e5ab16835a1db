import type { DomainPack } from "../domain-pack.ts";
import { governanceMetrics, governancePolicy } from "./compute.ts";
import { governanceDrill } from "./drill.ts";
import { GOVERNANCE_METRICS } from "./metrics.ts";
import { MIGRATIONS } from "./migrations.ts";
import { talliedProposals } from "./queries.ts";
import { GOVERNANCE_PROPOSAL, GOVERNANCE_VOTE } from "./records.ts";

/** DAO governance: the Snapshot and Governor proposals whose vote ends in the period, judged at `now`. */
export const governance: DomainPack = {
  id: "governance",
  recordKinds: [GOVERNANCE_PROPOSAL, GOVERNANCE_VOTE],
  migrations: MIGRATIONS,
  metrics: GOVERNANCE_METRICS,
  families: [
    {
      metrics: GOVERNANCE_METRICS.map((metric) => metric.id),
      kinds: [GOVERNANCE_PROPOSAL.kind, GOVERNANCE_VOTE.kind],
      async compute(store, { period, now, config }) {
        return governanceMetrics(await talliedProposals(store, period), governancePolicy(config), now);
      },
      drill: governanceDrill,
    },
  ],
};
