import { defineMetrics } from "../../model/metric-definition.ts";

/**
 * The monitoring stack's own health: a monitor less reliable than what it
 * watches fails silently on the worst day. Both read what the stack says
 * of itself: heartbeats and scrapes, and Alertmanager's counters.
 */
export const MONITOR_HEALTH_METRICS = defineMetrics("detection_response", [
  {
    id: "monitoring_uptime",
    name: "Monitoring uptime",
    description:
      "% of the period (from each target's first check, up to period end or now) that the monitoring targets were up: each heartbeat or `up` = 1 sample vouches for its target until monitor_health.interval_seconds (default 300) pass or the next check comes; a silence longer than that, or `up` = 0, is down.",
    unit: "percent",
    direction: "up",
    chart: "p",
    target: { op: ">=", value: 99 },
    sources: ["prometheus-metrics", "heartbeat-log"],
  },
  {
    id: "alert_delivery_latency",
    name: "Alert delivery latency",
    description:
      "p90 (monitor_health.latency_quantile) seconds Alertmanager took to hand a notification to its receiver (email, Slack, PagerDuty, …), from the increase of its alertmanager_notification_latency_seconds histogram between the scrapes at or before period start and at or before period end, interpolated within buckets as histogram_quantile does.",
    unit: "seconds",
    direction: "down",
    chart: "xmr",
    target: { op: "<=", value: 10 },
    sources: ["prometheus-metrics"],
  },
]);
