import type { DomainPack } from "../domain-pack.ts";
import {
  alertDeliveryLatency,
  increasesOf,
  judgeTargets,
  longestInterval,
  monitoringUptime,
} from "./compute.ts";
import { deliveryDrill, downtimeDrill } from "./drill.ts";
import { MONITOR_HEALTH_METRICS } from "./metrics.ts";
import { MIGRATIONS } from "./migrations.ts";
import { checksAround, firstChecks, talliesUpTo } from "./queries.ts";
import { MONITOR_CHECK, NOTIFICATION_TALLY } from "./records.ts";

/**
 * The monitoring stack's own health: its targets' checks (heartbeats,
 * `up` samples, the components answering a scrape) judged second by
 * second against their interval, and Alertmanager's notification counters
 * read as increases between scrapes.
 */
export const monitorHealth: DomainPack = {
  id: "monitor-health",
  recordKinds: [MONITOR_CHECK, NOTIFICATION_TALLY],
  migrations: MIGRATIONS,
  metrics: MONITOR_HEALTH_METRICS,
  families: [
    {
      metrics: ["monitoring_uptime"],
      kinds: [MONITOR_CHECK.kind],
      async compute(store, { period, now, config }) {
        const settings = config.monitor_health;
        const [firsts, checks] = await Promise.all([
          firstChecks(store, period.end),
          checksAround(store, period, longestInterval(settings) * 1000),
        ]);
        return { monitoring_uptime: monitoringUptime(judgeTargets(checks, firsts, period, now, settings)) };
      },
      drill: downtimeDrill,
    },
    {
      metrics: ["alert_delivery_latency"],
      kinds: [NOTIFICATION_TALLY.kind],
      async compute(store, { period, config }) {
        const increases = increasesOf(await talliesUpTo(store, period.end), period);
        return {
          alert_delivery_latency: alertDeliveryLatency(increases, config.monitor_health.latency_quantile),
        };
      },
      drill: deliveryDrill,
    },
  ],
};
