import type { RecordIdentity } from "../../model/records.ts";
import { defineRecordKind } from "../../store/record-kind.ts";
import type { RecordColumns } from "../../store/schema.ts";

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
  /** The cumulative latency buckets by their finite bounds; none when the sender exposes no histogram. */
  latency_buckets: LatencyBucket[];
  /** The histogram's observations in all (its `+Inf` bucket); 0 without a histogram. */
  latency_count: number;
}

export const NOTIFICATION_TALLY = defineRecordKind({
  kind: "notification_tally",
  table: "notification_tallies",
  time: "at",
  json: ["latency_buckets"],
});

export interface MonitorChecksTable extends RecordColumns {
  at: number;
  target: string;
  up: number;
  source: string;
}

export type MonitorHealthTables = { monitor_checks: MonitorChecksTable };
