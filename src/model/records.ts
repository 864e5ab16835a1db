import type { EventRecord } from "./events.ts";
import type { Scan } from "./findings.ts";
import type { Severity } from "./severity.ts";

/**
 * Normalized records. Every instant is epoch milliseconds (UTC); every record
 * has an identity `(feed, external_id)` so that a later export of the same
 * item updates it instead of counting it twice. `feed` names where the ids
 * come from (by default the import format's family, e.g. "incidents").
 */
interface RecordIdentity {
  feed: string;
  external_id: string;
}

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
  /** Drills and tabletop injects: reported apart, never production incidents. */
  synthetic: boolean;
  root_cause: string | null;
  root_cause_category: string | null;
  service: string | null;
  owner: string | null;
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

/** Incidents and alerts, plus the log, inventory and change records of `events.ts`. */
export type NormalizedRecord = Incident | Alert | EventRecord;
/** Record kinds, plus scans: a scan is stored apart (with its findings) but marks where scan data begins. */
export type RecordKind = NormalizedRecord["kind"] | Scan["kind"];

/** Where a stored record came from: shown in every drill-down. */
export interface Provenance {
  import_id: number;
  file_name: string;
  sha256: string;
  imported_at: number;
  line: number;
}

export type Stored<R> = R & { provenance: Provenance };

/** Alert counts for one period, aggregated by the store. */
export interface AlertTally {
  total: number;
  escalated: number;
  triaged: number;
  false_positive: number;
}
