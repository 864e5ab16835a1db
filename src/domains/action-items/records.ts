import type { RecordIdentity } from "../../model/records.ts";
import { defineRecordKind } from "../../store/record-kind.ts";

export const ACTION_ITEM_TYPES = ["prevent", "mitigate", "detect", "repair", "process", "other"] as const;
export const ACTION_ITEM_STATUSES = ["open", "in_progress", "done", "not_doing"] as const;
/** Where an action item was decided: what later importers (tabletops, assessments, maturity roadmaps) yield too. */
export const ACTION_ITEM_ORIGINS = ["postmortem", "tabletop", "assessment", "maturity", "other"] as const;

export type ActionItemType = (typeof ACTION_ITEM_TYPES)[number];
export type ActionItemStatus = (typeof ACTION_ITEM_STATUSES)[number];
export type ActionItemOrigin = (typeof ACTION_ITEM_ORIGINS)[number];

/**
 * One follow-up of a post-mortem, a tabletop, an assessment or a maturity
 * gap, as its register (a tracker export, a post-mortems folder) lists it
 * at `snapshot_at`: a state, not a log, so metrics read each feed's latest
 * snapshot before the period end. A fix is finished when someone verified
 * it (`verified_at`), not when it was marked done.
 */
export interface ActionItem extends RecordIdentity {
  kind: "action_item";
  snapshot_at: number;
  title: string;
  type: ActionItemType;
  priority: string | null;
  owner: string | null;
  created_at: number;
  due_at: number | null;
  status: ActionItemStatus;
  completed_at: number | null;
  verified_at: number | null;
  verified_by: string | null;
  evidence: string | null;
  ticket: string | null;
  origin: ActionItemOrigin;
  /** What the origin names it by: the post-mortem's event id, the tabletop's name. */
  origin_ref: string | null;
  attributes: Record<string, string>;
}

export const ACTION_ITEM = defineRecordKind({
  kind: "action_item",
  table: "action_items",
  time: "snapshot_at",
  snapshot: true,
  json: ["attributes"],
});
