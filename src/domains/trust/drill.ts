import type { Store } from "../../store/store.ts";
import type { DrillContext } from "../domain-pack.ts";
import { iso, recordRow } from "../drill-row.ts";
import { cycleTimeExclusion } from "./compute.ts";
import { dealsClosed } from "./queries.ts";

/** The deals closed in the period, each with whether it counts toward the metric and why not. */
export async function dealsDrill(store: Store, metricId: string, { period }: DrillContext, limit: number) {
  const deals = await store.read((q) => dealsClosed(q, period, limit + 1));
  return deals.map((deal) => {
    const exclusion = metricId === "security_review_cycle_time" ? cycleTimeExclusion(deal) : null;
    return recordRow(
      deal,
      deal.closed_at as number,
      {
        customer: deal.customer,
        accepted_addendum: deal.accepted_addendum,
        opened_at: iso(deal.opened_at),
        security_review_started_at: iso(deal.security_review_started_at),
        security_review_ended_at: iso(deal.security_review_ended_at),
      },
      exclusion === null,
      exclusion,
    );
  });
}
