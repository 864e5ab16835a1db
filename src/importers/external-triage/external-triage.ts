import type { ExternalTriage } from "../../domains/external-incidents/records.ts";
import { defineImporter } from "../define-importer.ts";
import type { Importer, RecordItem } from "../importer.ts";
import { csvTable, type Table } from "../shared/readers.ts";

/**
 * `external-triage-csv`: the team's register of external incidents
 * triaged, one row each: `incident` (the id `secmetrics drill
 * external_incidents_triaged` shows, `20241210-cloberdex`), `applies`
 * (yes/no), `triaged_at` required; `triaged_by`, `action_item` (the id of
 * the action item it opened), `notes`. Identity: the incident.
 */
const TABLE: Table<ExternalTriage> = {
  required: ["incident", "applies", "triaged_at"],
  fields: new Set(["incident", "applies", "triaged_at", "triaged_by", "action_item", "notes"]),
  recognizes: (columns) => columns.includes("incident") && columns.includes("applies"),
  map: (fields) => {
    const applies = fields.boolean("applies");
    if (applies === null && fields.text("applies") === null) fields.problems.push("applies is required");
    return {
      kind: "external_triage",
      feed: "external-triage",
      external_id: fields.requiredText("incident"),
      applies: applies ?? false,
      triaged_at: fields.requiredTimestamp("triaged_at"),
      triaged_by: fields.text("triaged_by"),
      action_item: fields.text("action_item"),
      notes: fields.text("notes"),
    };
  },
};

export const externalTriageCsv: Importer<RecordItem<ExternalTriage>> = defineImporter({
  id: "external-triage-csv",
  title: "External incidents triage register (CSV)",
  feed: "external-triage",
  kinds: ["external_triage"],
  read: csvTable(TABLE),
});
