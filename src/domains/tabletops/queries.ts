import type { Stored } from "../../model/records.ts";
import type { Store } from "../../store/store.ts";
import { ACTION_ITEM, type ActionItem } from "../action-items/records.ts";
import { TABLETOP, type Tabletop } from "./records.ts";

/** Every folder's latest read: a tabletop held on time stays so, whichever period asks. */
export function latestTabletops(store: Store): Promise<Stored<Tabletop>[]> {
  return store.snapshot<Tabletop>(TABLETOP.kind, Number.MAX_SAFE_INTEGER);
}

/** The tabletops' action items in each register's latest snapshot before `end` (folders and trackers alike). */
export async function tabletopActionsAt(store: Store, end: number): Promise<Stored<ActionItem>[]> {
  const items = await store.snapshot<ActionItem>(ACTION_ITEM.kind, end);
  return items.filter((item) => item.origin === "tabletop");
}
