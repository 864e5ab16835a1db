import type { MonitorHealthConfig } from "../../config/monitor-health.ts";
import type { Period } from "../../model/period.ts";
import { emptyValue, type MetricValue, percentValue } from "../metric-value.ts";
import type { LatencyBucket, MonitorCheck, NotificationTally } from "./records.ts";

/** The seconds a check of `target` vouches for it: its own interval, else the default. */
export function intervalOf(target: string, config: MonitorHealthConfig): number {
  return config.intervals[target] ?? config.interval_seconds;
}

/** The longest interval of any target: how far before a period a check can still cover part of it. */
export function longestInterval(config: MonitorHealthConfig): number {
  return Math.max(config.interval_seconds, ...Object.values(config.intervals));
}

/** One stretch of time a target was down, and the check it follows (null when none came before it). */
export interface DownInterval<C extends Pick<MonitorCheck, "at" | "up">> {
  target: string;
  start: number;
  end: number;
  /** The last check before the stretch: a down one, or the up one whose interval ran out. */
  after: C | null;
}

export interface TargetUptime<C extends Pick<MonitorCheck, "at" | "up">> {
  target: string;
  /** The interval each check vouches for, in ms: the window holds this many slots a check was due in. */
  intervalMs: number;
  /** The part of the period the target is judged over: from its first check (or the period start) to the period end (or now). */
  window: { start: number; end: number };
  upMs: number;
  down: DownInterval<C>[];
}

/**
 * A target over a window: each up check vouches for it from its instant
 * until its interval runs out or the next check comes, whichever is first;
 * every other instant of the window is down (a down check, or silence
 * longer than the interval).
 */
export function judgeTarget<C extends Pick<MonitorCheck, "at" | "up">>(
  target: string,
  checks: readonly C[],
  window: { start: number; end: number },
  intervalMs: number,
): TargetUptime<C> {
  const sorted = [...checks].sort((a, b) => a.at - b.at);
  const down: DownInterval<C>[] = [];
  let upMs = 0;
  let covered = window.start;
  let last: C | null = null;
  for (const [index, check] of sorted.entries()) {
    if (check.at >= window.end) break;
    const next = sorted[index + 1]?.at ?? Number.POSITIVE_INFINITY;
    const from = Math.max(check.at, window.start);
    const until = Math.min(check.up ? check.at + intervalMs : check.at, next, window.end);
    if (check.at > covered && check.at > window.start)
      down.push({ target, start: covered, end: Math.min(check.at, window.end), after: last });
    if (until > from) {
      upMs += until - from;
      covered = Math.max(covered, until);
    } else covered = Math.max(covered, from);
    last = check;
  }
  if (covered < window.end) down.push({ target, start: covered, end: window.end, after: last });
  return { target, intervalMs, window, upMs, down };
}

/** The window a target is judged over in a period: from its first check, up to the period end or now. */
export function windowOf(firstAt: number, period: Period, now: number): { start: number; end: number } {
  return { start: Math.max(period.start, firstAt), end: Math.min(period.end, now) };
}

/**
 * `monitoring_uptime`: of the time every monitored target was judged over
 * in the period, the share it was up. A target counts from its first check
 * on; one that falls silent stays down until it reports again. `n` is the
 * checks the period was due (each target's window over its interval): the
 * whole its p-chart limits are drawn for.
 */
export function monitoringUptime<C extends Pick<MonitorCheck, "at" | "up">>(
  judged: readonly TargetUptime<C>[],
): MetricValue {
  let whole = 0;
  let up = 0;
  for (const target of judged) {
    whole += target.window.end - target.window.start;
    up += target.upMs;
  }
  const down = judged.flatMap((target) => target.down);
  const value = percentValue(up, whole, "no monitored target reported before the period end", {
    down_seconds: (whole - up) / 1000,
    down_intervals: down.length,
    targets_down: judged.filter((target) => target.down.length > 0).map((target) => target.target),
  });
  const due = judged.reduce(
    (sum, target) => sum + Math.ceil((target.window.end - target.window.start) / target.intervalMs),
    0,
  );
  return { ...value, n: due };
}

/** What one sender's integration did over a period: increases of its counters and its latency buckets. */
export interface DeliveryIncrease<T extends NotificationTally = NotificationTally> {
  instance: string;
  integration: string;
  sent: number;
  failed: number;
  buckets: LatencyBucket[];
  observations: number;
  /** The scrape the increase ends at: where the drill-down cites it from. */
  last: T;
}

/** A counter's increase from one scrape to the next: a lower value is a restart, counted from zero. */
const step = (before: number, after: number) => (after >= before ? after - before : after);

/**
 * The increase of one series' counters over the period: from its last
 * scrape at or before the period start (else its first one in the period)
 * to its last at or before the period end, step by step so a restart of
 * the sender loses nothing but what it sent before dying. Null when the
 * series has fewer than two scrapes to compare.
 */
export function deliveryIncrease<T extends NotificationTally>(
  tallies: readonly T[],
  period: Period,
): DeliveryIncrease<T> | null {
  const sorted = tallies.filter((tally) => tally.at <= period.end).sort((a, b) => a.at - b.at);
  const baseline = sorted.findLastIndex((tally) => tally.at <= period.start);
  const span = sorted.slice(Math.max(baseline, 0));
  const first = span[0];
  const last = span.at(-1);
  if (first === undefined || last === undefined || span.length < 2) return null;
  let sent = 0;
  let failed = 0;
  let observations = 0;
  const buckets = new Map<number, number>();
  for (let index = 1; index < span.length; index++) {
    const before = span[index - 1] as T;
    const after = span[index] as T;
    sent += step(before.sent, after.sent);
    failed += step(before.failed, after.failed);
    observations += step(before.latency_count, after.latency_count);
    const previous = new Map(before.latency_buckets);
    for (const [le, count] of after.latency_buckets)
      buckets.set(le, (buckets.get(le) ?? 0) + step(previous.get(le) ?? 0, count));
  }
  return {
    instance: last.instance,
    integration: last.integration,
    sent,
    failed,
    buckets: [...buckets].sort((a, b) => a[0] - b[0]),
    observations,
    last,
  };
}

/**
 * The `q` quantile of a cumulative histogram, as PromQL's
 * `histogram_quantile` computes it: linear within the bucket the rank
 * falls in, from 0 for the first; the highest finite bound when it falls
 * in the `+Inf` bucket. Null without observations.
 */
export function histogramQuantile(
  q: number,
  buckets: readonly LatencyBucket[],
  observations: number,
): number | null {
  if (observations <= 0) return null;
  const rank = q * observations;
  let lower = 0;
  let below = 0;
  for (const [le, count] of buckets) {
    if (count >= rank)
      return count === below ? le : lower + ((le - lower) * (rank - below)) / (count - below);
    lower = le;
    below = count;
  }
  return lower;
}

/** Several series' increases as one histogram: counts added bound by bound. */
export function mergeBuckets(increases: readonly Pick<DeliveryIncrease, "buckets">[]): LatencyBucket[] {
  const merged = new Map<number, number>();
  for (const { buckets } of increases)
    for (const [le, count] of buckets) merged.set(le, (merged.get(le) ?? 0) + count);
  return [...merged].sort((a, b) => a[0] - b[0]);
}

/**
 * `alert_delivery_latency`: the configured quantile (p90 by default) of
 * the notification latency every integration observed in the period,
 * from the increase of Alertmanager's histogram between scrapes; the
 * median and p90 beside it, the sends and failures per integration in the
 * details.
 */
export function alertDeliveryLatency(increases: readonly DeliveryIncrease[], quantile: number): MetricValue {
  const withHistogram = increases.filter((increase) => increase.observations > 0);
  const observations = withHistogram.reduce((sum, increase) => sum + increase.observations, 0);
  const buckets = mergeBuckets(withHistogram);
  const details = {
    quantile,
    sent: increases.reduce((sum, increase) => sum + increase.sent, 0),
    failed: increases.reduce((sum, increase) => sum + increase.failed, 0),
    failed_by_integration: Object.fromEntries(
      increases
        .filter((increase) => increase.failed > 0)
        .map((increase) => [increase.integration, increase.failed]),
    ),
  };
  if (observations === 0)
    return emptyValue("no notification latency observed between two scrapes in the period", details);
  return {
    value: histogramQuantile(quantile, buckets, observations),
    n: observations,
    median: histogramQuantile(0.5, buckets, observations),
    p90: histogramQuantile(0.9, buckets, observations),
    open: null,
    oldest_open_age: null,
    reason: null,
    details,
  };
}

/** Every target that reported before the period end, judged over its window of the period. */
export function judgeTargets<C extends Pick<MonitorCheck, "at" | "up" | "target">>(
  checks: readonly C[],
  firstChecks: ReadonlyMap<string, number>,
  period: Period,
  now: number,
  config: MonitorHealthConfig,
): TargetUptime<C>[] {
  const byTarget = groupBy(checks, (check) => check.target);
  return [...firstChecks].flatMap(([target, firstAt]) => {
    const window = windowOf(firstAt, period, now);
    if (window.end <= window.start) return [];
    return [judgeTarget(target, byTarget.get(target) ?? [], window, intervalOf(target, config) * 1000)];
  });
}

/** Each sender's integration's increase over the period, for those scraped twice by its end. */
export function increasesOf<T extends NotificationTally>(
  tallies: readonly T[],
  period: Period,
): DeliveryIncrease<T>[] {
  const bySeries = groupBy(tallies, (tally) => `${tally.instance}\u0000${tally.integration}`);
  return [...bySeries.values()].flatMap((series) => deliveryIncrease(series, period) ?? []);
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group === undefined) groups.set(key(item), [item]);
    else group.push(item);
  }
  return groups;
}
