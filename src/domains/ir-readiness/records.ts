import type { RecordIdentity } from "../../model/records.ts";
import { defineRecordKind } from "../../store/record-kind.ts";

/** Whom the plan lists to call, and how: a vendor's hotline, the regulator, the insurer, counsel. */
export interface IrContact {
  id: string;
  name: string;
  /** What the contact is for: `vendor`, `regulator`, `insurer`, `law_enforcement`, … as the plan says. */
  type: string | null;
  phone: string | null;
  email: string | null;
  url: string | null;
}

/** One rung of an escalation path: the roles or contacts to reach, and how soon. */
export interface EscalationStep {
  notify: string[];
  /** An ISO 8601 duration (`PT15M`) from the trigger; null when the plan gives none. */
  within: string | null;
}

/** An escalation path: what triggers it (a severity, a kind of incident) and its steps in order. */
export interface EscalationPath {
  id: string;
  trigger: string;
  steps: EscalationStep[];
}

/**
 * The incident-response plan as a whole at `snapshot_at`: its contacts and
 * escalation paths, kept as the plan states them; its roles and runbooks
 * are records of their own, as the metrics count them one by one.
 * Identity: the plan's `id` (one plan per feed).
 */
export interface IrPlan extends RecordIdentity {
  kind: "ir_plan";
  snapshot_at: number;
  title: string;
  owner: string | null;
  contacts: IrContact[];
  escalation: EscalationPath[];
}

export const IR_PLAN = defineRecordKind({
  kind: "ir_plan",
  table: "ir_plans",
  time: "snapshot_at",
  snapshot: true,
  json: ["contacts", "escalation"],
});

/**
 * One role of the plan (incident commander, communications, legal, …) and
 * who holds it: a person id or e-mail for the holder and for the deputy,
 * null when the plan leaves it vacant. Identity: the role's `id`.
 */
export interface IrRole extends RecordIdentity {
  kind: "ir_role";
  snapshot_at: number;
  name: string;
  holder: string | null;
  deputy: string | null;
}

export const IR_ROLE = defineRecordKind({
  kind: "ir_role",
  table: "ir_roles",
  time: "snapshot_at",
  snapshot: true,
});

/**
 * One runbook the plan relies on, with how often it must be reviewed (an
 * ISO 8601 duration, `P6M`) and when it last was. Identity: its `id`;
 * tabletops name the runbooks they exercised by this id or by its link.
 */
export interface Runbook extends RecordIdentity {
  kind: "runbook";
  snapshot_at: number;
  title: string;
  owner: string | null;
  review_every: string;
  last_reviewed_at: number | null;
  link: string | null;
}

export const RUNBOOK = defineRecordKind({
  kind: "runbook",
  table: "runbooks",
  time: "snapshot_at",
  snapshot: true,
});

/**
 * One sign of life of a monitoring component at `at`: a heartbeat of a
 * dead man's switch (always up), or a scraped `up` sample (1 up, 0 down).
 * Identity: `<target>|<at>`, so the same heartbeat or sample read twice is
 * one check.
 */
export interface MonitorCheck extends RecordIdentity {
  kind: "monitor_check";
  at: number;
  /** The component: the heartbeat's name, or the scraped target as `job/instance`. */
  target: string;
  up: boolean;
  source: "heartbeat" | "scrape";
}

export const MONITOR_CHECK = defineRecordKind({
  kind: "monitor_check",
  table: "monitor_checks",
  time: "at",
  booleans: ["up"],
});

/** A histogram bucket as Prometheus exposes it: the count of observations at most `le` seconds. */
export type LatencyBucket = readonly [le: number, count: number];

/**
 * The notification counters of one sender and integration at one scrape,
 * as the monitor's own metrics expose them: Alertmanager's
 * `alertmanager_notifications_total`, `…_failed_total` and the
 * `alertmanager_notification_latency_seconds` histogram per integration,
 * or Prometheus' `prometheus_notifications_sent_total` and
 * `…_errors_total` per Alertmanager. Counters since the process started:
 * what a period saw is the increase between two scrapes. Identity:
 * `<instance>|<integration>|<at>`.
 */
export interface NotificationTally extends RecordIdentity {
  kind: "notification_tally";
  at: number;
  /** The sender: the scraped instance, else the file's name. */
  instance: string;
  /** `email`, `slack`, `pagerduty`, `webhook`, … or `alertmanager <url>` for Prometheus' own sends. */
  integration: string;
  sent: number;
  failed: number;
  /** The cumulative latency buckets, `+Inf` last; none when the sender exposes no histogram. */
  latency_buckets: LatencyBucket[];
}

export const NOTIFICATION_TALLY = defineRecordKind({
  kind: "notification_tally",
  table: "notification_tallies",
  time: "at",
  json: ["latency_buckets"],
});
