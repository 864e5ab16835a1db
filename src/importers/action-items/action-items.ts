import type { ActionItem } from "../../domains/action-items/records.ts";
import { defineImporter } from "../define-importer.ts";
import type { Importer, RecordItem } from "../importer.ts";
import { csvTable, jsonTable, type Table } from "../shared/readers.ts";
import { snapshotTime } from "../shared/snapshot-time.ts";
import { ACTION_ITEM_FIELDS, actionItemOf } from "./action-item-fields.ts";

/** `id`, `title`, `status` and `created_at` alone could be many a tracker's export: these say action item. */
const ACTION_ITEM_COLUMNS = ["due_at", "verified_at", "origin"];

/**
 * A team's action item tracker export (`action-items-csv`,
 * `action-items-json`): `id`, `title`, `status`, `created_at` required;
 * `type`, `priority`, `owner`, `due_at`, `completed_at`, `verified_at`,
 * `verified_by`, `evidence`, `ticket`, `origin`, `origin_ref`,
 * `snapshot_at`. Identity: `id` within the feed; each import is the whole
 * register at `snapshot_at` (or `--scanned-at`).
 */
const REGISTER: Table<ActionItem> = {
  required: ["id", "title", "status", "created_at"],
  fields: ACTION_ITEM_FIELDS,
  recognizes: (columns) => ACTION_ITEM_COLUMNS.some((name) => columns.includes(name)),
  map: (fields, ctx) =>
    actionItemOf(fields, { feed: "action-items", snapshot_at: snapshotTime(fields, ctx, "a register") }),
};
const REGISTER_FAMILY = { feed: "action-items", kinds: ["action_item"] } as const;

export const actionItemsCsv: Importer<RecordItem<ActionItem>> = defineImporter({
  ...REGISTER_FAMILY,
  id: "action-items-csv",
  title: "Action items register (CSV with a header row)",
  read: csvTable(REGISTER),
});
export const actionItemsJson: Importer<RecordItem<ActionItem>> = defineImporter({
  ...REGISTER_FAMILY,
  id: "action-items-json",
  title: "Action items register (JSON array or NDJSON)",
  read: jsonTable(REGISTER),
});
