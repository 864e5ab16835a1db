import { z } from "zod";

/** How long a monitor may stay silent before it counts as down: five minutes, a common heartbeat and scrape period. */
export const DEFAULT_MONITOR_INTERVAL_SECONDS = 300;

/** How the monitoring stack's own health is judged: `monitoring_uptime` and `alert_delivery_latency`. */
export const monitorHealthSchema = z
  .object({
    interval_seconds: z
      .number()
      .int()
      .positive()
      .default(DEFAULT_MONITOR_INTERVAL_SECONDS)
      .describe(
        "monitoring_uptime: each heartbeat or successful scrape vouches for the monitor this long; a longer silence is down time.",
      ),
    intervals: z
      .record(z.string().min(1), z.number().int().positive())
      .default({})
      .describe(
        "Per monitored target (a heartbeat's name, `job/instance` of an `up` series): its own interval in seconds.",
      ),
    latency_quantile: z
      .number()
      .gt(0)
      .lt(1)
      .default(0.9)
      .describe(
        "alert_delivery_latency: the quantile of the notification latency histogram reported (default 0.9, p90).",
      ),
  })
  .strict()
  .default({ interval_seconds: DEFAULT_MONITOR_INTERVAL_SECONDS, intervals: {}, latency_quantile: 0.9 })
  .describe(
    "The monitoring stack's own health: how long a silent monitor is still up, which latency quantile to report.",
  );

export type MonitorHealthConfig = z.output<typeof monitorHealthSchema>;
