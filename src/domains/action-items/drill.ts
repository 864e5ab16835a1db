import type { Store } from "../../store/store.ts";
import type { DrillContext } from "../domain-pack.ts";
import { iso, recordRow } from "../drill-row.ts";
import { actionItemState, isVerifiedIn, POSTMORTEM_ACTION_ORIGINS } from "./compute.ts";
import { ACTION_ITEM, type ActionItem } from "./records.ts";

/** Why an item does not count toward `metricId` in the period, or null when it does. */
function exclusion(metricId: string, item: ActionItem, context: DrillContext): string | null {
  const { period } = context;
  const state = actionItemState(item, period.end);
  switch (metricId) {
    case "action_item_closure_time":
      return isVerifiedIn(item, period)
        ? null
        : item.verified_at === null
          ? "not verified"
          : "verified in another period";
    case "unverified_done_actions":
      return state === "unverified" ? null : state.replace("_", " ");
    case "postmortem_actions_overdue":
      if (!POSTMORTEM_ACTION_ORIGINS.includes(item.origin)) return `from ${item.origin}`;
      return state === "overdue" ? null : state.replace("_", " ");
    default:
      return state === "overdue" ? null : state.replace("_", " ");
  }
}

/**
 * Every action item of the registers' latest snapshots before the period
 * end, the counted ones first and then the earliest due date, each with its
 * state at the end and whether it counts, by the same verdicts as the values.
 */
export async function actionItemDrill(store: Store, metricId: string, context: DrillContext, limit: number) {
  const items = await store.snapshot<ActionItem>(ACTION_ITEM.kind, context.period.end);
  const rows = items.map((item) => ({ item, note: exclusion(metricId, item, context) }));
  rows.sort(
    (a, b) =>
      Number(a.note !== null) - Number(b.note !== null) ||
      (a.item.due_at ?? Number.POSITIVE_INFINITY) - (b.item.due_at ?? Number.POSITIVE_INFINITY) ||
      a.item.external_id.localeCompare(b.item.external_id),
  );
  return rows.slice(0, limit + 1).map(({ item, note }) =>
    recordRow(
      item,
      item.snapshot_at,
      {
        title: item.title,
        type: item.type,
        origin: item.origin,
        origin_ref: item.origin_ref,
        owner: item.owner,
        status: item.status,
        state: actionItemState(item, context.period.end),
        created_at: iso(item.created_at),
        due_at: iso(item.due_at),
        verified_at: iso(item.verified_at),
        verified_by: item.verified_by,
        ticket: item.ticket,
      },
      note === null,
      note,
    ),
  );
}
