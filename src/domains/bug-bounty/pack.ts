import type { DomainPack } from "../domain-pack.ts";
import { bountyMetrics } from "./compute.ts";
import { bountyDrill } from "./drill.ts";
import { BUG_BOUNTY_METRICS } from "./metrics.ts";
import { MIGRATIONS } from "./migrations.ts";
import { BOUNTY_REPORT, type BountyReport } from "./records.ts";

/** Bug bounty: the reports submitted in the period, judged at its end (or now, while it runs). */
export const bugBounty: DomainPack = {
  id: "bug-bounty",
  recordKinds: [BOUNTY_REPORT],
  migrations: MIGRATIONS,
  metrics: BUG_BOUNTY_METRICS,
  families: [
    {
      metrics: BUG_BOUNTY_METRICS.map((metric) => metric.id),
      kinds: [BOUNTY_REPORT.kind],
      async compute(store, { period, now, config }) {
        const reports = await store.records<BountyReport>(BOUNTY_REPORT.kind, period);
        return bountyMetrics(reports, config.bounty.targets, Math.min(period.end, now), now);
      },
      drill: bountyDrill,
    },
  ],
};
