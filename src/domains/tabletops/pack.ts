import { ACTION_ITEM } from "../action-items/records.ts";
import type { DomainPack } from "../domain-pack.ts";
import { tabletopActionsClosed, tabletopPolicy, tabletopsOnSchedule } from "./compute.ts";
import { tabletopActionDrill, tabletopQuarterDrill } from "./drill.ts";
import { TABLETOPS_METRICS } from "./metrics.ts";
import { MIGRATIONS } from "./migrations.ts";
import { latestTabletops, tabletopActionsAt } from "./queries.ts";
import { TABLETOP } from "./records.ts";

/**
 * Quarterly tabletop exercises, read from each folder's latest import and
 * judged against the schedule of the config; their action items are read
 * with the other action items, at each period end. The schedule's data
 * begins with the first tabletop held: a team that keeps none has no
 * figure rather than 0 %, and from then on a quarter without one is missed.
 */
export const tabletops: DomainPack = {
  id: "tabletops",
  recordKinds: [TABLETOP],
  migrations: MIGRATIONS,
  metrics: TABLETOPS_METRICS,
  families: [
    {
      metrics: ["tabletops_on_schedule"],
      kinds: [TABLETOP.kind],
      async dataStart(store) {
        const dates = (await latestTabletops(store)).map((tabletop) => tabletop.date);
        return dates.length > 0 ? Math.min(...dates) : null;
      },
      async dataEnd(store) {
        const at = await store.latestRecord(TABLETOP.kind);
        return at === null ? null : { at, record: "tabletops folder" };
      },
      async compute(store, { period, config }) {
        const held = await latestTabletops(store);
        return { tabletops_on_schedule: tabletopsOnSchedule(held, period, tabletopPolicy(config)) };
      },
      drill: tabletopQuarterDrill,
    },
    {
      metrics: ["tabletop_actions_closed"],
      kinds: [ACTION_ITEM.kind],
      async compute(store, { period }) {
        return {
          tabletop_actions_closed: tabletopActionsClosed(await tabletopActionsAt(store, period.end), period),
        };
      },
      drill: tabletopActionDrill,
    },
  ],
};
