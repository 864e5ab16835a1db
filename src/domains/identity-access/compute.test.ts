import { describe, expect, it } from "vitest";
import { buildAccount, buildToken } from "../../test-support/records.ts";
import {
  currentTokens,
  orphanedAccounts,
  privilegedAccounts,
  tokenExpiryCompliance,
  tokenVerdict,
} from "./compute.ts";
import type { Account, Token } from "./records.ts";

const DAY = 86_400_000;
const at = (iso: string) => Date.parse(iso);
const SNAP = at("2026-09-30T00:00:00Z");
function account(id: string, fields: Partial<Account>): Account {
  return buildAccount({
    external_id: id,
    snapshot_at: SNAP,
    privileged: false,
    owner: "someone",
    owner_status: "active",
    created_at: SNAP - 400 * DAY,
    last_used_at: SNAP - DAY,
    ...fields,
  });
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
  return buildToken({ external_id: id, snapshot_at: SNAP, ...fields });
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

  it("drops a credential report's keys once a later report of the same feed lists none", () => {
    const earlier = SNAP - 30 * DAY;
    const tokens = [
      buildToken({ external_id: "iam-key", snapshot_at: earlier, feed: "aws-iam" }),
      buildToken({ external_id: "pat", snapshot_at: earlier, feed: "tokens" }),
    ];
    const accounts = [
      account("root", { feed: "aws-iam" }), // the later report: accounts, no token
      account("alice", { feed: "accounts" }), // an accounts-only inventory says nothing of tokens
    ];
    // aws-iam's latest report (SNAP) is newer than its key (SNAP − 30 d): gone; the PAT's feed lists no accounts.
    expect(currentTokens(tokens, accounts).map((t) => t.external_id)).toEqual(["pat"]);
    // Without the later report the key is still in force.
    expect(currentTokens(tokens, [account("root", { feed: "aws-iam", snapshot_at: earlier })])).toHaveLength(
      2,
    );
  });
});
