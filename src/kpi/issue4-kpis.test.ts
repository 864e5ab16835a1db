import { describe, expect, it } from "vitest";
import type { Account, ChangeEvent, Deployment, ProbeResult, Token } from "../model/events.ts";
import type { Period } from "../model/period.ts";
import {
  orphanedAccounts,
  privilegedAccounts,
  tokenExpiryCompliance,
  tokenVerdict,
  unauthorizedAccessAttempts,
} from "./identity-access.ts";
import { configDriftEvents, deploymentMetrics, isProduction, manualVerdict } from "./operational-hygiene.ts";
import {
  blockedIps,
  failedLoginRate,
  periodDays,
  rateLimitTriggers,
  securityHeaderDrift,
  tlsDowngradeAttempts,
} from "./prevention-controls.ts";

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
  return {
    kind: "probe_result",
    feed: "probe-headers",
    external_id: target,
    probe: "headers",
    target,
    checked_at: 0,
    status: drift === null ? "failed" : "ok",
    drift,
    result,
  };
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

const SNAP = at("2026-09-30T00:00:00Z");
function account(id: string, fields: Partial<Account>): Account {
  return {
    kind: "account",
    feed: "accounts",
    external_id: id,
    snapshot_at: SNAP,
    name: id,
    privileged: false,
    owner: "someone",
    owner_status: "active",
    status: "active",
    created_at: SNAP - 400 * DAY,
    last_used_at: SNAP - DAY,
    mfa_active: null,
    attributes: {},
    ...fields,
  };
}

describe("account metrics (snapshot at 2026-09-30)", () => {
  const accounts = [
    account("admin", { privileged: true }), // privileged, fine
    account("admin-disabled", { privileged: true, status: "disabled", owner: null }), // inactive: neither
    account("unknown", { privileged: null }), // privilege unknown
    account("no-owner", { owner: null }), // orphan: no_owner
    account("departed", { owner_status: "departed", privileged: true }), // orphan: departed_owner, privileged
    account("idle", { last_used_at: SNAP - 91 * DAY }), // orphan: unused (91 > 90)
    account("idle-90", { last_used_at: SNAP - 90 * DAY }), // exactly 90 days: not orphaned
    account("never-used-old", { last_used_at: null, created_at: SNAP - 100 * DAY }), // orphan: unused since creation
    account("both", { owner: null, last_used_at: SNAP - 200 * DAY }), // two reasons, counted once
    account("no-times", { last_used_at: null, created_at: null }), // usage unknown
  ];
  it("privileged_accounts counts active privileged accounts: admin + departed = 2", () => {
    expect(privilegedAccounts(accounts)).toMatchObject({
      value: 2,
      details: { active_accounts: 9, unknown_privilege: 1 },
    });
  });
  it("orphaned_accounts: no-owner, departed, idle, never-used-old, both = 5", () => {
    expect(orphanedAccounts(accounts, 90)).toMatchObject({
      value: 5,
      details: { by_reason: { no_owner: 2, departed_owner: 1, unused: 3 }, unknown_usage: 1 },
    });
  });
  it("orphan_after_days moves the usage line: with 30 days idle-90 is orphaned too (6)", () => {
    expect(orphanedAccounts(accounts, 30).value).toBe(6);
  });
  it("a feed without owners (the IAM report) is not judged on owners", () => {
    const iam = [account("iam-user", { feed: "iam-credential-report", owner: null, owner_status: null })];
    expect(orphanedAccounts(iam, 90)).toMatchObject({
      value: 0,
      details: { owners_not_tracked: ["iam-credential-report"] },
    });
  });
});

function token(id: string, fields: Partial<Token>): Token {
  return {
    kind: "token",
    feed: "tokens",
    external_id: id,
    snapshot_at: SNAP,
    account_id: "a",
    token_type: "token",
    active: true,
    created_at: null,
    expires_at: null,
    last_rotated_at: null,
    last_used_at: null,
    attributes: {},
    ...fields,
  };
}

describe("token_expiry_compliance (max age 90 days)", () => {
  it.each([
    ["created 30 days ago", token("t", { created_at: SNAP - 30 * DAY }), "compliant"],
    ["created exactly 90 days ago", token("t", { created_at: SNAP - 90 * DAY }), "compliant"],
    ["created 91 days ago", token("t", { created_at: SNAP - 91 * DAY }), "non_compliant"],
    [
      "old but rotated 10 days ago",
      token("t", { created_at: SNAP - 400 * DAY, last_rotated_at: SNAP - 10 * DAY }),
      "compliant",
    ],
    [
      "old, expires within 90 days",
      token("t", { created_at: SNAP - 400 * DAY, expires_at: SNAP + 20 * DAY }),
      "compliant",
    ],
    [
      "expiry a year out",
      token("t", { created_at: SNAP - 400 * DAY, expires_at: SNAP + 365 * DAY }),
      "non_compliant",
    ],
    ["no times at all", token("t", {}), "unknown"],
  ])("%s: %s", (_name, t, verdict) => {
    expect(tokenVerdict(t, 90)).toBe(verdict);
  });

  it("is compliant ÷ (compliant + non-compliant) over active tokens", () => {
    const value = tokenExpiryCompliance(
      [
        token("a", { created_at: SNAP - 10 * DAY }), // compliant
        token("b", { created_at: SNAP - 10 * DAY }), // compliant
        token("c", { created_at: SNAP - 10 * DAY }), // compliant
        token("d", { created_at: SNAP - 200 * DAY }), // non-compliant
        token("e", {}), // unknown: left out
        token("f", { created_at: SNAP - 200 * DAY, active: false }), // inactive: left out
      ],
      90,
    );
    // 3 / (3 + 1) = 75 %
    expect(value).toMatchObject({
      value: 75,
      n: 4,
      details: { compliant: 3, non_compliant: 1, unknown: 1, inactive: 1 },
    });
  });
  it("has no value without a judgeable token", () => {
    expect(tokenExpiryCompliance([token("e", {})], 90).value).toBeNull();
  });
});

function change(id: string, change_type: ChangeEvent["change_type"], replacement = false): ChangeEvent {
  return {
    kind: "change_event",
    feed: "terraform",
    external_id: id,
    at: SNAP,
    change_type,
    address: id,
    resource_type: null,
    provider: null,
    action: "update",
    actions: ["update"],
    replacement,
    attributes: {},
  };
}

function deployment(id: string, fields: Partial<Deployment>): Deployment {
  return {
    kind: "deployment",
    feed: "deployments",
    external_id: id,
    service: "api",
    environment: "production",
    started_at: SNAP,
    finished_at: null,
    status: "success",
    rollback_of: null,
    change_ticket: null,
    via_pipeline: true,
    attributes: {},
    ...fields,
  };
}

describe("operational hygiene", () => {
  it("config_drift_events counts drift only: 2 drift (1 replacement), 1 planned", () => {
    expect(
      configDriftEvents([change("a", "drift"), change("b", "drift", true), change("c", "planned")]),
    ).toMatchObject({
      value: 2,
      details: { replacements: 1, planned_changes: 1 },
    });
  });

  it.each([
    ["production", true],
    ["prod", true],
    ["prod-eu", true],
    ["Production", true],
    ["staging", false],
    ["preprod", false],
    ["prodigy", false],
  ])("%s is production: %s", (environment, expected) => {
    expect(isProduction(environment)).toBe(expected);
  });

  it.each([
    ["pipeline, no ticket", { via_pipeline: true }, "managed"],
    ["no pipeline, ticket", { via_pipeline: false, change_ticket: "CHG-1" }, "managed"],
    ["no pipeline, no ticket", { via_pipeline: false }, "manual"],
    ["unknown pipeline, no ticket", { via_pipeline: null }, "unknown"],
    ["unknown pipeline, ticket", { via_pipeline: null, change_ticket: "CHG-2" }, "managed"],
  ] as const)("%s: %s", (_name, fields, verdict) => {
    expect(manualVerdict(deployment("d", fields))).toBe(verdict);
  });

  it("counts manual production changes, failures and rollbacks", () => {
    const metrics = deploymentMetrics([
      deployment("1", { via_pipeline: false }), // manual
      deployment("2", { via_pipeline: false, environment: "staging" }), // not production
      deployment("3", { via_pipeline: null }), // unknown
      deployment("4", { status: "failure" }), // failed (production)
      deployment("5", { status: "failure", environment: "staging" }), // failed
      deployment("6", { rollback_of: "4" }), // rollback (production)
    ]);
    expect(metrics.manual_prod_changes).toMatchObject({
      value: 1,
      details: { production_deployments: 4, unknown_pipeline: 1 }, // 1, 3, 4, 6
    });
    expect(metrics.failed_deployments).toMatchObject({
      value: 2,
      details: { deployments: 6, production: 1 },
    });
    expect(metrics.rollbacks).toMatchObject({ value: 1, details: { production: 1 } });
  });
});
