import { describe, expect, it } from "vitest";
import { type Period, periodDays } from "../../model/period.ts";
import { buildProbeResult } from "../../test-support/records.ts";
import {
  blockedIps,
  failedLoginRate,
  rateLimitTriggers,
  securityHeaderDrift,
  tlsDowngradeAttempts,
  unauthorizedAccessAttempts,
} from "./compute.ts";
import type { ProbeResult } from "./records.ts";

const DAY = 86_400_000;
const at = (iso: string) => Date.parse(iso);
const SEPT: Period = {
  id: "2026-09",
  kind: "month",
  start: at("2026-09-01T00:00:00Z"),
  end: at("2026-10-01T00:00:00Z"),
};
// Europe/Berlin October 2026: 31 days but 745 hours (DST ends on the 25th).
const OCT_BERLIN: Period = {
  id: "2026-10",
  kind: "month",
  start: at("2026-09-30T22:00:00Z"),
  end: at("2026-10-31T23:00:00Z"),
};
const tally = (failures: number, successes: number) => ({
  failures,
  successes,
  top_sources: [{ ip: "203.0.113.9", failures }],
});

describe("failed_login_rate", () => {
  it.each([
    // 300 failures over September's 30 days = 10 per day; 300 / (300 + 100) = 75 %
    ["complete month", SEPT, at("2026-10-05T00:00:00Z"), tally(300, 100), 10, 75, 30],
    // 31 days despite the 25-hour day: 62 / 31 = 2
    ["month across a DST change", OCT_BERLIN, at("2026-11-02T00:00:00Z"), tally(62, 0), 2, null, 31],
    // running: 10 days and 12 hours elapsed = 10.5 days; 21 / 10.5 = 2
    ["running month: days elapsed", SEPT, at("2026-09-11T12:00:00Z"), tally(21, 0), 2, null, 10.5],
    ["no failures", SEPT, at("2026-10-05T00:00:00Z"), tally(0, 7), 0, 0, 30],
  ])("%s", (_name, period, now, counts, value, percent, days) => {
    const result = failedLoginRate(counts, period, now);
    expect(result.value).toBe(value);
    expect(result.details).toMatchObject({
      count: counts.failures,
      days,
      failure_percent: percent,
      top_source_ips: counts.top_sources,
    });
  });

  it("has no value before the period starts", () => {
    expect(periodDays(SEPT, SEPT.start - 1)).toBe(0);
    expect(failedLoginRate(tally(0, 0), SEPT, SEPT.start - 1).value).toBeNull();
  });
});

describe("HTTP and ban counts", () => {
  const http = {
    status_401: 4,
    status_403: 6,
    rate_limited_access: 5,
    rate_limited_error: 7,
    rate_limited: 8,
  };
  it("rate_limit_triggers is the deduplicated count, both logs' raw counts in the details", () => {
    expect(rateLimitTriggers(http)).toMatchObject({
      value: 8,
      details: { access_log_429: 5, error_log_limiting: 7 },
    });
  });
  it("unauthorized_access_attempts is 401 + 403 = 4 + 6 = 10", () => {
    expect(unauthorizedAccessAttempts(http)).toMatchObject({
      value: 10,
      details: { status_401: 4, status_403: 6 },
    });
  });
  it("blocked_ips is the distinct IPs", () => {
    expect(blockedIps({ distinct_ips: 3, bans: 5, by_jail: [] }).value).toBe(3);
  });
});

function probe(target: string, drift: number | null, result: Record<string, unknown>): ProbeResult {
  return buildProbeResult({ external_id: target, target, checked_at: 0, drift, result });
}

describe("probe metrics", () => {
  it("security_header_drift sums missing and deviating pairs, names them, and leaves failed URLs apart", () => {
    const value = securityHeaderDrift([
      probe("https://a", 2, {
        findings: [
          { header: "Content-Security-Policy", issue: "missing" },
          { header: "X-Frame-Options", issue: "deviating" },
          { header: "X-Powered-By", issue: "should_be_removed" },
        ],
      }),
      probe("https://b", 0, { findings: [] }),
      probe("https://down", null, {}),
    ]);
    // 2 (a) + 0 (b); the removal finding is named but not counted
    expect(value.value).toBe(2);
    expect(value.details).toMatchObject({
      urls: 2,
      failed_urls: ["https://down"],
      drifting: [
        { url: "https://a", header: "Content-Security-Policy", issue: "missing" },
        { url: "https://a", header: "X-Frame-Options", issue: "deviating" },
      ],
      should_be_removed: [{ url: "https://a", header: "X-Powered-By" }],
    });
  });
  it("only failed probes give no value, not zero", () => {
    expect(securityHeaderDrift([probe("https://down", null, {})]).value).toBeNull();
    expect(tlsDowngradeAttempts([]).value).toBeNull();
  });
  it("tls_downgrade_attempts counts endpoints accepting a version below the minimum", () => {
    const value = tlsDowngradeAttempts([
      probe("old:443", 1, { below_minimum: ["TLSv1", "TLSv1.1"] }),
      probe("new:443", 0, { below_minimum: [] }),
    ]);
    expect(value.value).toBe(1);
    expect(value.details.below_minimum).toEqual([
      { endpoint: "old:443", below_minimum: ["TLSv1", "TLSv1.1"] },
    ]);
  });
  it("tls_downgrade_attempts adds logged handshakes below the minimum", () => {
    const handshakes = {
      by_protocol: [
        { protocol: null, refused: true, handshakes: 3 },
        { protocol: "TLSv1", refused: false, handshakes: 2 },
        { protocol: "TLSv1.2", refused: false, handshakes: 4 },
      ],
    };
    const endpoints = [probe("old:443", 1, { below_minimum: ["TLSv1"] }), probe("new:443", 0, {})];
    // Minimum TLSv1.2: 1 endpoint + 3 refused + 2 on TLS 1.0 = 6 (TLS 1.2 is not below).
    const value = tlsDowngradeAttempts(endpoints, handshakes, "TLSv1.2");
    expect(value.value).toBe(6);
    expect(value.details).toMatchObject({ endpoints_below_minimum: 1, handshakes_below_minimum: 5 });
    // Minimum TLSv1.3: the four TLS 1.2 handshakes count too: 1 + 3 + 2 + 4 = 10.
    expect(tlsDowngradeAttempts(endpoints, handshakes, "TLSv1.3").value).toBe(10);
    // Logs without any probe still give a value: 3 + 2.
    expect(tlsDowngradeAttempts([], handshakes, "TLSv1.2").value).toBe(5);
  });
});
