import type { Store } from "../../store/store.ts";
import type { DrillContext } from "../domain-pack.ts";
import { type DrillRow, iso, recordRow } from "../drill-row.ts";
import { histogramQuantile, increasesOf, judgeTargets, longestInterval } from "./compute.ts";
import { checksAround, firstChecks, talliesUpTo } from "./queries.ts";

/**
 * Each stretch a target was down in the period, longest first, with the
 * check it followed (a down sample, or the last heartbeat before the
 * silence); then each target never down, counted.
 */
export async function downtimeDrill(
  store: Store,
  _metricId: string,
  { period, config }: DrillContext,
  limit: number,
): Promise<DrillRow[]> {
  const settings = config.monitor_health;
  const [firsts, checks] = await Promise.all([
    firstChecks(store, period.end),
    checksAround(store, period, longestInterval(settings) * 1000),
  ]);
  // A drill-down has no clock: a running period is listed up to where its last check's interval runs out.
  const lastAt = Math.max(...checks.map((check) => check.at));
  const judged = judgeTargets(checks, firsts, period, lastAt + longestInterval(settings) * 1000, settings);
  const firstOf = new Map(checks.map((check) => [check.target, check]));
  const down = judged
    .flatMap((target) => target.down)
    .sort(
      (a, b) => b.end - b.start - (a.end - a.start) || a.target.localeCompare(b.target) || a.start - b.start,
    );
  const rows: DrillRow[] = [];
  for (const interval of down.slice(0, limit + 1)) {
    const cited = interval.after ?? firstOf.get(interval.target);
    if (cited === undefined) continue;
    rows.push(
      recordRow(
        cited,
        interval.start,
        {
          target: interval.target,
          down_until: iso(interval.end),
          down_seconds: (interval.end - interval.start) / 1000,
          last_check_at: iso(interval.after?.at ?? null),
          last_check_up: interval.after?.up ?? null,
          source: cited.source,
        },
        false,
        interval.after === null
          ? "no check since the period start"
          : interval.after.up
            ? "silent longer than its interval"
            : "reported down",
      ),
    );
  }
  for (const target of judged.filter((t) => t.down.length === 0).slice(0, limit + 1 - rows.length)) {
    const cited = firstOf.get(target.target);
    if (cited !== undefined)
      rows.push(
        recordRow(cited, target.window.start, {
          target: target.target,
          down_until: null,
          down_seconds: 0,
          last_check_at: null,
          last_check_up: null,
          source: cited.source,
        }),
      );
  }
  return rows;
}

/** Each sender's integration over the period: what it sent, what failed, its own latency quantile. */
export async function deliveryDrill(
  store: Store,
  _metricId: string,
  { period, config }: DrillContext,
  limit: number,
): Promise<DrillRow[]> {
  const quantile = config.monitor_health.latency_quantile;
  const increases = increasesOf(await talliesUpTo(store, period.end), period).sort(
    (a, b) =>
      b.failed - a.failed ||
      a.integration.localeCompare(b.integration) ||
      a.instance.localeCompare(b.instance),
  );
  return increases.slice(0, limit + 1).map((increase) =>
    recordRow(
      increase.last,
      increase.last.at,
      {
        instance: increase.instance,
        integration: increase.integration,
        sent: increase.sent,
        failed: increase.failed,
        observations: increase.observations,
        latency_seconds: histogramQuantile(quantile, increase.buckets, increase.observations),
      },
      increase.observations > 0,
      increase.failed > 0
        ? `${increase.failed} of ${increase.sent} notifications failed`
        : increase.observations === 0
          ? "nothing observed in the period"
          : null,
    ),
  );
}
