import type { Interval } from "../../store/store.ts";
import { countValue, durationMetricValue, type MetricValue } from "../metric-value.ts";
import type { SecretAlert, SecretResolution } from "./records.ts";

/**
 * Resolutions that say the alert found no live secret: a false positive, a
 * test credential, or a match of a custom pattern since edited or deleted.
 * Such an alert exposed nothing; it leaves the count and is shown apart.
 */
export const NO_LIVE_SECRET: readonly SecretResolution[] = [
  "false_positive",
  "used_in_tests",
  "pattern_edited",
  "pattern_deleted",
];

/** Whether the alert exposed a secret, as its latest resolution says. */
export function isExposure(alert: SecretAlert): boolean {
  return alert.resolution === null || !NO_LIVE_SECRET.includes(alert.resolution);
}

/** Whether the alert had been opened and not yet resolved at `at`. */
export function openAt(alert: SecretAlert, at: number): boolean {
  return alert.created_at < at && (alert.resolved_at === null || alert.resolved_at >= at);
}

/** Whether the alert was resolved with `resolution` within the interval. */
export function resolvedAs(
  alert: SecretAlert,
  resolution: SecretResolution,
  { start, end }: Interval,
): boolean {
  return (
    alert.resolution === resolution &&
    alert.resolved_at !== null &&
    alert.resolved_at >= start &&
    alert.resolved_at < end
  );
}

/** Seconds from the alert's creation to its resolution, or null while open. */
export function secondsToResolve(alert: SecretAlert): number | null {
  return alert.resolved_at === null ? null : (alert.resolved_at - alert.created_at) / 1000;
}

const count = (alerts: readonly SecretAlert[], test: (alert: SecretAlert) => boolean) =>
  alerts.filter(test).length;

/**
 * The alerts opened in the period that exposed a secret, with those still
 * open at its end, publicly leaked, still valid at GitHub's last check and
 * pushed past push protection beside them, and the ones that exposed
 * nothing by resolution.
 */
export function secretsExposed(alerts: readonly SecretAlert[], period: Interval): MetricValue {
  const opened = alerts.filter((a) => a.created_at >= period.start && a.created_at < period.end);
  const exposed = opened.filter(isExposure);
  return countValue(exposed.length, {
    still_open: count(exposed, (a) => openAt(a, period.end)),
    publicly_leaked: count(exposed, (a) => a.publicly_leaked === true),
    still_active: count(exposed, (a) => a.validity === "active"),
    push_protection_bypassed: count(exposed, (a) => a.push_protection_bypassed === true),
    no_live_secret: Object.fromEntries(
      NO_LIVE_SECRET.map((resolution) => [resolution, count(opened, (a) => a.resolution === resolution)]),
    ),
  });
}

/**
 * Median seconds from creation to revocation over the alerts revoked in the
 * period; the open ones are the exposed secrets unresolved at its end, aged
 * at its end (or `now`, while it runs). Alerts closed in the period without
 * revocation (won't fix) are counted beside it: they never revoke.
 */
export function secretTimeToRevoke(
  alerts: readonly SecretAlert[],
  period: Interval,
  now: number,
): MetricValue {
  const at = Math.min(period.end, now);
  const seconds = alerts.flatMap((a) =>
    resolvedAs(a, "revoked", period) ? [secondsToResolve(a) as number] : [],
  );
  const openAges = alerts
    .filter((a) => isExposure(a) && openAt(a, period.end))
    .map((a) => Math.max(0, at - a.created_at) / 1000);
  return durationMetricValue(seconds, openAges, "no secret scanning alert revoked in the period", {
    value: "median",
    details: { closed_without_revoking: count(alerts, (a) => resolvedAs(a, "wont_fix", period)) },
  });
}

/** Both metrics of one period, from the alerts `alertsTouching` read for it. */
export function secretsMetrics(
  alerts: readonly SecretAlert[],
  period: Interval,
  now: number,
): Record<string, MetricValue> {
  return {
    secrets_exposed: secretsExposed(alerts, period),
    secret_time_to_revoke: secretTimeToRevoke(alerts, period, now),
  };
}
