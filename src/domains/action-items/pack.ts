import type { DomainPack } from "../domain-pack.ts";
import { actionItemMetrics } from "./compute.ts";
import { actionItemDrill } from "./drill.ts";
import { ACTION_ITEMS_METRICS } from "./metrics.ts";
import { ACTION_ITEM, type ActionItem } from "./records.ts";

/**
 * Action items of every origin: each register's latest snapshot before the
 * period end. Their table comes with the post-mortems' migration, the first
 * source of action items. The family also feeds the program pack's
 * `postmortem_actions_overdue`, the same count over two origins.
 */
export const actionItems: DomainPack = {
  id: "action-items",
  recordKinds: [ACTION_ITEM],
  migrations: [],
  metrics: ACTION_ITEMS_METRICS,
  families: [
    {
      metrics: [
        "action_items_overdue",
        "postmortem_actions_overdue",
        "action_item_closure_time",
        "unverified_done_actions",
      ],
      kinds: [ACTION_ITEM.kind],
      async dataEnd(store) {
        const at = await store.latestRecord(ACTION_ITEM.kind);
        return at === null ? null : { at, record: "action items register" };
      },
      async compute(store, { period, now }) {
        return actionItemMetrics(await store.snapshot<ActionItem>(ACTION_ITEM.kind, period.end), period, now);
      },
      drill: actionItemDrill,
    },
  ],
};
