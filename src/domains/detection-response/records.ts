import type { RecordIdentity } from "../../model/records.ts";
import type { Severity } from "../../model/severity.ts";
import { defineRecordKind } from "../../store/record-kind.ts";
import type { RecordColumns } from "../../store/schema.ts";

export const INCIDENT_TIMESTAMPS = [
  "started_at",
  "detected_at",
  "reported_at",
  "acknowledged_at",
  "responded_at",
  "recovered_at",
  "closed_at",
] as const;
export type IncidentTimestamp = (typeof INCIDENT_TIMESTAMPS)[number];

/**
 * What a row of an incidents export is: a production incident, a near-miss
 * (it could have been one: a control caught it late, or luck), or a
 * rehearsal (drill, tabletop, red team), which is `synthetic`.
 */
export const EVENT_KINDS = ["incident", "near_miss", "drill", "tabletop", "red_team"] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
/** The rehearsals: imported as synthetic incidents, reported apart as drills. */
export const REHEARSAL_KINDS: readonly EventKind[] = ["drill", "tabletop", "red_team"];
/**
 * What the incident metrics read: every kind but near-misses, which are
 * never counted as incidents (drills stay, counted apart by `synthetic`).
 */
export const INCIDENT_EVENTS = { event_kind: EVENT_KINDS.filter((kind) => kind !== "near_miss") } as const;

export interface Incident extends RecordIdentity {
  kind: "incident";
  title: string | null;
  severity: Severity | null;
  status: string | null;
  started_at: number | null;
  detected_at: number;
  reported_at: number | null;
  acknowledged_at: number | null;
  responded_at: number | null;
  recovered_at: number | null;
  closed_at: number | null;
  event_kind: EventKind;
  /** Drills and tabletop injects: reported apart, never production incidents. */
  synthetic: boolean;
  root_cause: string | null;
  root_cause_category: string | null;
  service: string | null;
  owner: string | null;
  /** Who raised it: a person id or e-mail, as the people roster names people. */
  reported_by: string | null;
  /** Input columns secmetrics has no field for, kept verbatim. */
  attributes: Record<string, string>;
}

export const ALERT_DISPOSITIONS = ["open", "true_positive", "false_positive", "benign"] as const;
export type AlertDisposition = (typeof ALERT_DISPOSITIONS)[number];

export interface Alert extends RecordIdentity {
  kind: "alert";
  created_at: number;
  severity: Severity | null;
  /** The tool or detector that raised it (the input's `source`). */
  source: string | null;
  rule: string | null;
  disposition: AlertDisposition;
  triaged_at: number | null;
  /** Set when the alert was escalated to an incident. */
  incident_id: string | null;
  attributes: Record<string, string>;
}

/** What the incident metrics read of an incident: its severity, whether it is a drill, and its times. */
export type IncidentTimeline = Pick<
  Incident,
  | "severity"
  | "synthetic"
  | "started_at"
  | "detected_at"
  | "acknowledged_at"
  | "responded_at"
  | "recovered_at"
>;

/** Alert counts for one period, aggregated by the store. */
export interface AlertTally {
  total: number;
  escalated: number;
  triaged: number;
  false_positive: number;
}

export const INCIDENT = defineRecordKind({
  kind: "incident",
  table: "incidents",
  time: "detected_at",
  booleans: ["synthetic"],
  json: ["attributes"],
});
export const ALERT = defineRecordKind({
  kind: "alert",
  table: "alerts",
  time: "created_at",
  json: ["attributes"],
});

export interface IncidentsTable extends RecordColumns {
  attributes: string;
  title: string | null;
  severity: string | null;
  status: string | null;
  started_at: number | null;
  detected_at: number;
  reported_at: number | null;
  acknowledged_at: number | null;
  responded_at: number | null;
  recovered_at: number | null;
  closed_at: number | null;
  event_kind: string;
  synthetic: number;
  root_cause: string | null;
  root_cause_category: string | null;
  service: string | null;
  owner: string | null;
  reported_by: string | null;
}

export interface AlertsTable extends RecordColumns {
  attributes: string;
  created_at: number;
  severity: string | null;
  source: string | null;
  rule: string | null;
  disposition: string;
  triaged_at: number | null;
  incident_id: string | null;
}

export type DetectionResponseTables = {
  incidents: IncidentsTable;
  alerts: AlertsTable;
};
