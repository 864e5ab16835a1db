import type { DomainPack } from "../domain-pack.ts";
import { fastLaneMetrics } from "./compute.ts";
import { dealsDrill } from "./drill.ts";
import { TRUST_METRICS } from "./metrics.ts";
import { MIGRATIONS } from "./migrations.ts";
import { dealsClosed, latestDealActivity } from "./queries.ts";
import { DEAL } from "./records.ts";

/** Trust: how sales deals get through security, from the CRM's deals export. */
export const trust: DomainPack = {
  id: "trust",
  recordKinds: [DEAL],
  migrations: MIGRATIONS,
  metrics: TRUST_METRICS,
  families: [
    {
      metrics: TRUST_METRICS.map((metric) => metric.id),
      kinds: [DEAL.kind],
      async dataEnd(store) {
        const at = await store.read(latestDealActivity);
        return at === null ? null : { at, record: "deal" };
      },
      async compute(store, { period, now }) {
        const deals = await store.read((q) => dealsClosed(q, period));
        return fastLaneMetrics(deals, Math.min(period.end, now));
      },
      drill: dealsDrill,
    },
  ],
};
