import { ALERT_DISPOSITIONS, type Alert } from "../../domains/detection-response/records.ts";
import { defineImporter } from "../define-importer.ts";
import { csvTable, jsonTable, type Table } from "../shared/readers.ts";

const FIELDS = new Set([
  "id",
  "created_at",
  "severity",
  "source",
  "rule",
  "disposition",
  "triaged_at",
  "incident_id",
]);
/** `id` and `created_at` alone would also match an account inventory. */
const ALERT_COLUMNS = ["disposition", "rule", "incident_id", "triaged_at"];

const ALERTS: Table<Alert> = {
  required: ["id", "created_at"],
  fields: FIELDS,
  recognizes: (columns) =>
    ALERT_COLUMNS.some((name) => columns.includes(name)) && !columns.includes("class_uid"),
  map(fields): Alert {
    const created_at = fields.requiredTimestamp("created_at");
    const triaged_at = fields.timestamp("triaged_at");
    fields.order("created_at", created_at, "triaged_at", triaged_at);
    return {
      kind: "alert",
      feed: "alerts",
      external_id: fields.requiredText("id"),
      created_at,
      severity: fields.severity("severity"),
      source: fields.text("source"),
      rule: fields.text("rule"),
      disposition: fields.oneOf("disposition", ALERT_DISPOSITIONS) ?? "open",
      triaged_at,
      incident_id: fields.text("incident_id"),
      attributes: fields.attributes(FIELDS),
    };
  },
};
const FAMILY = { feed: "alerts", kinds: ["alert"] } as const;

export const alertsCsv = defineImporter({
  ...FAMILY,
  id: "alerts-csv",
  title: "Alert export (CSV with a header row)",
  read: csvTable(ALERTS),
});
export const alertsJson = defineImporter({
  ...FAMILY,
  id: "alerts-json",
  title: "Alert export (JSON array or NDJSON)",
  read: jsonTable(ALERTS),
});
