import { type Period, periodDays } from "../../model/period.ts";
import { DEFAULT_MINIMUM_TLS, isBelowMinimum } from "../../model/tls-protocol.ts";
import { countValue, emptyValue, type MetricValue } from "../metric-value.ts";
import type { AuthTally, BanTally, HttpTally, ProbeResult, TlsHandshakeTally } from "./records.ts";

/**
 * `failed_login_rate`: failed authentications per day. `details.count` is the
 * failures, `top_source_ips` the ten sources with most failures, and
 * `failure_percent` the share of attempts that failed when any success is
 * known (sshd logs both; a feed of failures only has no share).
 */
export function failedLoginRate(tally: AuthTally, period: Period, now: number): MetricValue {
  const days = periodDays(period, now);
  const attempts = tally.failures + tally.successes;
  const details = {
    count: tally.failures,
    successes: tally.successes,
    days,
    failure_percent: tally.successes > 0 ? (tally.failures / attempts) * 100 : null,
    top_source_ips: tally.top_sources,
  };
  if (days === 0) return emptyValue("the period has not started", details);
  return { ...countValue(tally.failures, details), value: tally.failures / days, n: tally.failures };
}

/**
 * `rate_limit_triggers`: rate-limit rejections, each counted once. nginx
 * logs one rejection in the access log (429) and in the error log
 * (`limiting requests`); per client IP and second the larger of the two
 * logs' counts is taken (the store's `HttpTally.rate_limited`).
 */
export function rateLimitTriggers(tally: HttpTally): MetricValue {
  return countValue(tally.rate_limited, {
    access_log_429: tally.rate_limited_access,
    error_log_limiting: tally.rate_limited_error,
  });
}

/** `blocked_ips`: distinct IPs with a ban, restore_ban or reban in the period. */
export function blockedIps(tally: BanTally): MetricValue {
  return countValue(tally.distinct_ips, { ban_events: tally.bans, by_jail: tally.by_jail });
}

interface HeaderFindingLike {
  header: string;
  issue: string;
  expected?: string | null;
  actual?: string | null;
}

/**
 * `security_header_drift`: (url, header) pairs missing or deviating from the
 * baseline, over each URL's latest probe before the period end. URLs whose
 * latest probe failed are listed apart: their drift is unknown, not zero.
 * Headers that should be removed are named but not counted.
 */
export function securityHeaderDrift(results: readonly ProbeResult[]): MetricValue {
  const answered = results.filter((r) => r.status === "ok" && r.drift !== null);
  const failed = results.filter((r) => !answered.includes(r)).map((r) => r.target);
  const pairs: { url: string; header: string; issue: string }[] = [];
  const remove: { url: string; header: string }[] = [];
  for (const result of answered) {
    for (const finding of findingsOf(result)) {
      if (!isDrift(finding)) remove.push({ url: result.target, header: finding.header });
      else pairs.push({ url: result.target, header: finding.header, issue: finding.issue });
    }
  }
  const details = { urls: answered.length, failed_urls: failed, drifting: pairs, should_be_removed: remove };
  if (answered.length === 0) return emptyValue("no URL answered its latest header probe", details);
  const drift = answered.reduce((sum, r) => sum + (r.drift ?? 0), 0);
  return countValue(drift, details);
}

/**
 * `tls_downgrade_attempts`: endpoints whose latest probe before the period
 * end accepted a TLS version below the minimum, plus handshakes below the
 * minimum logged in the period (refused by the server, or made on an old
 * protocol). A logged handshake counts when its protocol is below `minimum`,
 * or when the server refused the client's version without naming it. Failed
 * probes are listed apart; with neither an answered probe nor a logged
 * handshake there is no value.
 */
export function tlsDowngradeAttempts(
  results: readonly ProbeResult[],
  handshakes: TlsHandshakeTally = { by_protocol: [] },
  minimum: string = DEFAULT_MINIMUM_TLS,
): MetricValue {
  const answered = results.filter((r) => r.status === "ok" && r.drift !== null);
  const failed = results.filter((r) => !answered.includes(r)).map((r) => r.target);
  const below = answered
    .filter((r) => (r.drift ?? 0) > 0)
    .map((r) => ({ endpoint: r.target, below_minimum: stringList(r.result.below_minimum) }));
  const logged = handshakes.by_protocol.filter((h) => isDowngrade(h, minimum));
  const loggedCount = logged.reduce((sum, h) => sum + h.handshakes, 0);
  const details = {
    minimum,
    endpoints: answered.length,
    endpoints_below_minimum: below.length,
    handshakes_below_minimum: loggedCount,
    failed_endpoints: failed,
    below_minimum: below,
    handshakes: logged,
  };
  if (answered.length === 0 && handshakes.by_protocol.length === 0)
    return emptyValue(
      "no endpoint answered its latest TLS probe and no logged handshake is below the minimum",
      details,
    );
  return countValue(below.length + loggedCount, details);
}

/** A logged handshake counts when its protocol is below `minimum`, or when the server refused a version it did not name. */
export function isDowngrade(
  handshake: { protocol: string | null; refused: boolean },
  minimum: string,
): boolean {
  return handshake.protocol === null ? handshake.refused : isBelowMinimum(handshake.protocol, minimum);
}

/** A header that should be removed is named, not counted as drift. */
export function isDrift(finding: { issue?: unknown }): boolean {
  return finding.issue !== "should_be_removed";
}

function findingsOf(result: ProbeResult): HeaderFindingLike[] {
  const findings = result.result.findings;
  if (!Array.isArray(findings)) return [];
  return findings.filter(
    (f): f is HeaderFindingLike =>
      typeof f === "object" && f !== null && typeof f.header === "string" && typeof f.issue === "string",
  );
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/**
 * `unauthorized_access_attempts`: requests denied with 401 or 403, counted
 * from access logs. Failed logins are not added:
 * they are authentication failures, counted by `failed_login_rate`, and
 * adding them would count one SSH attempt in two metrics of the same view.
 */
export function unauthorizedAccessAttempts(tally: HttpTally): MetricValue {
  return countValue(tally.status_401 + tally.status_403, {
    status_401: tally.status_401,
    status_403: tally.status_403,
  });
}
