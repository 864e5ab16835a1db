import {
  EVENT_KINDS,
  INCIDENT_TIMESTAMPS,
  type Incident,
  REHEARSAL_KINDS,
} from "../../domains/detection-response/records.ts";
import { defineImporter } from "../define-importer.ts";
import { csvTable, jsonTable, type Table } from "../shared/readers.ts";

const FIELDS = new Set([
  "id",
  "title",
  "severity",
  "status",
  ...INCIDENT_TIMESTAMPS,
  "kind",
  "synthetic",
  "root_cause",
  "root_cause_category",
  "service",
  "owner",
  "reported_by",
]);

/** The (start, end) pairs the duration metrics measure; an end before its start is rejected. */
const ORDERED_PAIRS = [
  ["started_at", "detected_at"],
  ["detected_at", "acknowledged_at"],
  ["detected_at", "responded_at"],
  ["detected_at", "recovered_at"],
  ["detected_at", "closed_at"],
] as const;

const INCIDENTS: Table<Incident> = {
  required: ["id", "detected_at"],
  fields: FIELDS,
  recognizes: (columns) => !columns.includes("class_uid"),
  map(fields): Incident {
    const times = {
      started_at: fields.timestamp("started_at"),
      detected_at: fields.requiredTimestamp("detected_at"),
      reported_at: fields.timestamp("reported_at"),
      acknowledged_at: fields.timestamp("acknowledged_at"),
      responded_at: fields.timestamp("responded_at"),
      recovered_at: fields.timestamp("recovered_at"),
      closed_at: fields.timestamp("closed_at"),
    };
    for (const [start, end] of ORDERED_PAIRS) fields.order(start, times[start], end, times[end]);
    const eventKind = fields.oneOf("kind", EVENT_KINDS) ?? "incident";
    return {
      kind: "incident",
      feed: "incidents",
      external_id: fields.requiredText("id"),
      title: fields.text("title"),
      severity: fields.severity("severity"),
      status: fields.text("status"),
      ...times,
      event_kind: eventKind,
      // A rehearsal is synthetic whatever the column says: never a production incident.
      synthetic: (fields.boolean("synthetic") ?? false) || REHEARSAL_KINDS.includes(eventKind),
      root_cause: fields.text("root_cause"),
      root_cause_category: fields.text("root_cause_category"),
      service: fields.text("service"),
      owner: fields.text("owner"),
      reported_by: fields.text("reported_by"),
      attributes: fields.attributes(FIELDS),
    };
  },
};
const FAMILY = { feed: "incidents", kinds: ["incident"] } as const;

export const incidentsCsv = defineImporter({
  ...FAMILY,
  id: "incidents-csv",
  title: "Incident export (CSV with a header row)",
  read: csvTable(INCIDENTS),
});
export const incidentsJson = defineImporter({
  ...FAMILY,
  id: "incidents-json",
  title: "Incident export (JSON array or NDJSON)",
  read: jsonTable(INCIDENTS),
});
