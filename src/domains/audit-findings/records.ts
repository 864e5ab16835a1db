import type { RecordIdentity } from "../../model/records.ts";
import type { Severity } from "../../model/severity.ts";
import { defineRecordKind } from "../../store/record-kind.ts";

export const AUDIT_SOURCES = ["external", "internal", "pentest", "regulator"] as const;
export const AUDIT_STATUSES = ["open", "in_progress", "risk_accepted", "closed"] as const;

export type AuditSource = (typeof AUDIT_SOURCES)[number];
export type AuditStatus = (typeof AUDIT_STATUSES)[number];

/**
 * One entry of an audit findings register snapshot. Like the exceptions
 * register it is a state, not a log: one row per `(feed, external_id,
 * snapshot_at)`, and metrics read each feed's latest snapshot before the
 * period end. Whether a finding is open or overdue is judged at read time.
 */
export interface AuditFinding extends RecordIdentity {
  kind: "audit_finding";
  snapshot_at: number;
  source: AuditSource;
  control: string | null;
  title: string | null;
  severity: Severity;
  status: AuditStatus;
  opened_at: number;
  due_at: number | null;
  closed_at: number | null;
  owner: string | null;
  attributes: Record<string, string>;
}

export const AUDIT_FINDING = defineRecordKind({
  kind: "audit_finding",
  table: "audit_findings",
  time: "snapshot_at",
  snapshot: true,
  json: ["attributes"],
});
