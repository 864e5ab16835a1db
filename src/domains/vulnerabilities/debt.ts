import type { Stored } from "../../model/records.ts";
import type { Store } from "../../store/store.ts";
import { actionItemState } from "../action-items/compute.ts";
import { ACTION_ITEM, type ActionItem } from "../action-items/records.ts";
import { type DrillRow, iso, recordRow } from "../drill-row.ts";
import { exceptionState } from "../exceptions/compute.ts";
import { EXCEPTION, type RiskException } from "../exceptions/records.ts";

/** What `security_debt` puts beside the open findings past their due date: promises not kept at an instant. */
export interface OtherDebt {
  overdueActions: Stored<ActionItem>[];
  expiredExceptions: Stored<RiskException>[];
}

/**
 * The action items past their due date and the exceptions expired without
 * renewal at `at`, each from its registers' latest snapshots before it, by
 * the verdicts their own metrics use (`action_items_overdue`, `expired_exceptions`).
 */
export async function otherDebtAt(store: Store, at: number): Promise<OtherDebt> {
  const [items, exceptions] = await Promise.all([
    store.snapshot<ActionItem>(ACTION_ITEM.kind, at),
    store.snapshot<RiskException>(EXCEPTION.kind, at),
  ]);
  return {
    overdueActions: items.filter((item) => actionItemState(item, at) === "overdue"),
    expiredExceptions: exceptions.filter((exception) => exceptionState(exception, at) === "expired"),
  };
}

/**
 * The action items (counted) and expired exceptions (shown: the findings
 * they waived count again already) as drill rows beside the findings.
 */
export function otherDebtRows({ overdueActions, expiredExceptions }: OtherDebt): DrillRow[] {
  return [
    ...overdueActions.map((item) =>
      recordRow(item, item.snapshot_at, {
        title: item.title,
        owner: item.owner,
        origin: item.origin,
        due_at: iso(item.due_at),
      }),
    ),
    ...expiredExceptions.map((exception) =>
      recordRow(
        exception,
        exception.snapshot_at,
        { title: exception.title, owner: exception.owner, expires_at: iso(exception.expires_at) },
        false,
        "expired: the findings it waived count again",
      ),
    ),
  ];
}
