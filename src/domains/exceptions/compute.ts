import { countValue, type MetricValue } from "../metric-value.ts";
import type { SuppressedResult } from "./queries.ts";
import type { ExceptionScope, RiskException } from "./records.ts";

const DAY_MS = 86_400_000;
/** How far after the period end `exceptions_expiring_30d` looks for renewals due. */
export const EXPIRING_WITHIN_DAYS = 30;

/**
 * Where an exception stands at an instant (a period end):
 * - `open`: approved before it, not closed or revoked, and its expiry after it;
 * - `expired`: approved, not closed or revoked, its expiry at or before it (a missed renewal);
 * - `not_started`: approved only at or after it;
 * - otherwise its status: `requested`, `rejected`, `revoked` or `closed`.
 * An approved exception with no expiry never expires: the importers refuse one, so
 * only a hand-written record can hold it.
 */
export type ExceptionState =
  | "open"
  | "expired"
  | "not_started"
  | "requested"
  | "rejected"
  | "revoked"
  | "closed";

export function exceptionState(exception: RiskException, at: number): ExceptionState {
  if (exception.status !== "approved") return exception.status;
  if (exception.approved_at !== null && exception.approved_at >= at) return "not_started";
  if (exception.expires_at !== null && exception.expires_at <= at) return "expired";
  return "open";
}

/** Whole days from `at` to the expiry: negative once expired (−1 for up to a day late). */
export function daysLeft(exception: RiskException, at: number): number | null {
  return exception.expires_at === null ? null : Math.floor((exception.expires_at - at) / DAY_MS);
}

/** An open exception whose expiry falls within `EXPIRING_WITHIN_DAYS` after `at`. */
export function isExpiringSoon(exception: RiskException, at: number): boolean {
  return (
    exceptionState(exception, at) === "open" &&
    exception.expires_at !== null &&
    exception.expires_at <= at + EXPIRING_WITHIN_DAYS * DAY_MS
  );
}

/** How many unregistered exceptions `open_exceptions` names in its details; the count is always whole. */
export const UNREGISTERED_LISTED = 50;

/** A suppressed check result no registered exception covers, as `open_exceptions` lists it. */
export interface UnregisteredDetail {
  asset: string;
  check_id: string;
  title: string | null;
  severity: string | null;
  result: string;
  checked_at: string;
  feed: string;
}

/**
 * The three exception counts at the period end, from each register's
 * latest snapshot before it. Each value's details hold every state's count,
 * so a figure can be read against the register it comes from.
 * `open_exceptions` also names the `unregistered` ones: check results a tool
 * suppressed that no exception in force covers. They are not added to its
 * value, which counts the register's.
 */
export function exceptionCounts(
  exceptions: readonly RiskException[],
  end: number,
  unregistered: readonly SuppressedResult[] = [],
): Record<"open_exceptions" | "exceptions_expiring_30d" | "expired_exceptions", MetricValue> {
  const states: Record<ExceptionState, number> = {
    open: 0,
    expired: 0,
    not_started: 0,
    requested: 0,
    rejected: 0,
    revoked: 0,
    closed: 0,
  };
  for (const exception of exceptions) states[exceptionState(exception, end)]++;
  const expiring = exceptions.filter((exception) => isExpiringSoon(exception, end)).length;
  const details = { by_state: states, registers: [...new Set(exceptions.map((e) => e.feed))].sort() };
  return {
    open_exceptions: countValue(states.open, {
      ...details,
      unregistered: unregistered.length,
      unregistered_exceptions: unregistered.slice(0, UNREGISTERED_LISTED).map(
        (result): UnregisteredDetail => ({
          asset: result.asset,
          check_id: result.check_id,
          title: result.title,
          severity: result.severity,
          result: result.result,
          checked_at: new Date(result.checked_at).toISOString(),
          feed: result.feed,
        }),
      ),
    }),
    exceptions_expiring_30d: countValue(expiring, { ...details, within_days: EXPIRING_WITHIN_DAYS }),
    expired_exceptions: countValue(states.expired, details),
  };
}

/** The scope as one line: `controls: AC-2, AC-6; assets: web-1`. */
export function scopeText(scope: ExceptionScope): string {
  return (["controls", "checks", "assets", "findings"] as const)
    .filter((part) => scope[part].length > 0)
    .map((part) => `${part}: ${scope[part].join(", ")}`)
    .join("; ");
}
