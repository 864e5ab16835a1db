import {
  ACTION_ITEM_ORIGINS,
  ACTION_ITEM_STATUSES,
  ACTION_ITEM_TYPES,
  type ActionItem,
} from "../../domains/action-items/records.ts";
import { FieldReader, mappingList } from "../shared/fields.ts";

/** The fields of an action item, in a register's columns or a post-mortem's `actions` entries. */
export const ACTION_ITEM_FIELDS = new Set([
  "id",
  "title",
  "type",
  "priority",
  "owner",
  "created_at",
  "due_at",
  "status",
  "completed_at",
  "verified_at",
  "verified_by",
  "evidence",
  "ticket",
  "origin",
  "origin_ref",
  "snapshot_at",
]);

/** What the input around an action item gives it: a register its snapshot, a post-mortem also its origin. */
export interface ActionItemDefaults {
  feed: string;
  snapshot_at: number;
  external_id?: string;
  origin?: ActionItem["origin"];
  origin_ref?: string | null;
  created_at?: number;
}

/**
 * One action item from its fields. A done item needs `completed_at`, a
 * verified one `verified_by`, and verification comes after completion,
 * which comes after creation: otherwise closure time could not be measured.
 */
export function actionItemOf(fields: FieldReader, defaults: ActionItemDefaults): ActionItem {
  const created_at =
    fields.timestamp("created_at") ??
    defaults.created_at ??
    (fields.problems.push("created_at is required"), 0);
  const completed_at = fields.timestamp("completed_at");
  const verified_at = fields.timestamp("verified_at");
  fields.order("created_at", created_at, "completed_at", completed_at);
  fields.order("completed_at", completed_at, "verified_at", verified_at);
  fields.order("created_at", created_at, "verified_at", verified_at);
  const item: ActionItem = {
    kind: "action_item",
    feed: defaults.feed,
    external_id: defaults.external_id ?? fields.requiredText("id"),
    snapshot_at: defaults.snapshot_at,
    title: fields.requiredText("title"),
    type: fields.oneOf("type", ACTION_ITEM_TYPES) ?? "other",
    priority: fields.text("priority"),
    owner: fields.text("owner"),
    created_at,
    due_at: fields.timestamp("due_at"),
    status: fields.requiredOneOf("status", ACTION_ITEM_STATUSES) ?? "open",
    completed_at,
    verified_at,
    verified_by: fields.text("verified_by"),
    evidence: fields.text("evidence"),
    ticket: fields.text("ticket"),
    origin: defaults.origin ?? fields.oneOf("origin", ACTION_ITEM_ORIGINS) ?? "other",
    origin_ref: defaults.origin_ref !== undefined ? defaults.origin_ref : fields.text("origin_ref"),
    attributes: fields.attributes(ACTION_ITEM_FIELDS),
  };
  if (item.status === "done" && completed_at === null)
    fields.problems.push("a done action item needs completed_at");
  if (verified_at !== null && item.status !== "done")
    fields.problems.push("only a done action item can be verified");
  if (verified_at !== null && item.verified_by === null)
    fields.problems.push("verified_at needs verified_by");
  return item;
}

/**
 * The `actions` entries of a post-mortem's or a tabletop's front matter, as
 * action items of its origin: an entry's identity is its `id`, else
 * `<ref>#<n>` by its place in the list; each problem names its entry.
 */
export function frontMatterActions(
  value: unknown,
  defaults: Required<Omit<ActionItemDefaults, "external_id" | "origin_ref">> & { origin_ref: string },
  zone: string,
  problems: string[],
): ActionItem[] {
  return mappingList(value, "actions", problems).map((entry, index) => {
    const fields = new FieldReader(entry, zone);
    const action = actionItemOf(fields, {
      ...defaults,
      external_id: fields.text("id") ?? `${defaults.origin_ref}#${index + 1}`,
    });
    problems.push(...fields.problems.map((problem) => `actions[${index}]: ${problem}`));
    return action;
  });
}
