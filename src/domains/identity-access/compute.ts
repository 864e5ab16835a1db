import { countValue, type MetricValue, percentValue } from "../metric-value.ts";
import { type Account, TOKEN_INVENTORY_FEEDS, type Token } from "./records.ts";

const DAY_MS = 86_400_000;
export const DEFAULT_ORPHAN_AFTER_DAYS = 90;
export const DEFAULT_MAX_TOKEN_AGE_DAYS = 90;

/** `owner_status` words that mean the owner has left (lower-cased by the importers). */
export const DEPARTED_OWNER = new Set([
  "departed",
  "terminated",
  "left",
  "offboarded",
  "inactive",
  "disabled",
]);

export function isActiveAccount(account: Account): boolean {
  return account.status === "active";
}

/**
 * `privileged_accounts`: active accounts marked privileged in each feed's
 * latest snapshot before the period end. Accounts whose source cannot say
 * (`privileged` null) are not counted and are reported apart.
 */
export function privilegedAccounts(accounts: readonly Account[]): MetricValue {
  const active = accounts.filter(isActiveAccount);
  return countValue(active.filter((a) => a.privileged === true).length, {
    active_accounts: active.length,
    unknown_privilege: active.filter((a) => a.privileged === null).length,
  });
}

export type OrphanReason = "no_owner" | "departed_owner" | "unused";

/**
 * Why an active account is orphaned, or [] when it is not:
 * - `no_owner`: no owner, judged only for feeds that track owners (the IAM
 *   credential report has no owner column, so its users are not all orphans);
 * - `departed_owner`: `owner_status` is one of DEPARTED_OWNER;
 * - `unused`: last used (else created, when never used) more than
 *   `orphanAfterDays` before the snapshot. With neither time, usage is unknown.
 */
export function orphanReasons(
  account: Account,
  options: { orphanAfterDays: number; ownersTracked: boolean },
): OrphanReason[] {
  if (!isActiveAccount(account)) return [];
  const reasons: OrphanReason[] = [];
  if (options.ownersTracked && account.owner === null) reasons.push("no_owner");
  if (account.owner_status !== null && DEPARTED_OWNER.has(account.owner_status))
    reasons.push("departed_owner");
  const lastSign = account.last_used_at ?? account.created_at;
  if (lastSign !== null && account.snapshot_at - lastSign > options.orphanAfterDays * DAY_MS)
    reasons.push("unused");
  return reasons;
}

/** Feeds whose snapshot names an owner for at least one account. */
export function feedsTrackingOwners(accounts: readonly Account[]): Set<string> {
  return new Set(accounts.filter((a) => a.owner !== null).map((a) => a.feed));
}

/** `orphaned_accounts`: active accounts with at least one orphan reason (each counted once). */
export function orphanedAccounts(accounts: readonly Account[], orphanAfterDays: number): MetricValue {
  const tracking = feedsTrackingOwners(accounts);
  const byReason: Record<OrphanReason, number> = { no_owner: 0, departed_owner: 0, unused: 0 };
  let orphaned = 0;
  let unknownUsage = 0;
  for (const account of accounts) {
    const reasons = orphanReasons(account, { orphanAfterDays, ownersTracked: tracking.has(account.feed) });
    for (const reason of reasons) byReason[reason]++;
    if (reasons.length > 0) orphaned++;
    if (isActiveAccount(account) && account.last_used_at === null && account.created_at === null)
      unknownUsage++;
  }
  const feeds = [...new Set(accounts.map((a) => a.feed))];
  return countValue(orphaned, {
    by_reason: byReason,
    orphan_after_days: orphanAfterDays,
    unknown_usage: unknownUsage,
    owners_not_tracked: feeds.filter((feed) => !tracking.has(feed)),
  });
}

export type TokenVerdict = "compliant" | "non_compliant" | "unknown";

/**
 * A token is compliant when it was created or last rotated at most
 * `maxAgeDays` before the snapshot, or carries an explicit expiry no later
 * than `maxAgeDays` after the snapshot (it cannot outlive the policy). With
 * neither an issue time nor an expiry it is unknown: left out of the
 * percentage and reported apart, never assumed compliant.
 */
export function tokenVerdict(token: Token, maxAgeDays: number): TokenVerdict {
  const maxAge = maxAgeDays * DAY_MS;
  const issued = token.last_rotated_at ?? token.created_at;
  if (issued === null && token.expires_at === null) return "unknown";
  if (issued !== null && token.snapshot_at - issued <= maxAge) return "compliant";
  if (token.expires_at !== null && token.expires_at <= token.snapshot_at + maxAge) return "compliant";
  return "non_compliant";
}

/**
 * Tokens of a token-inventory feed older than that feed's latest account
 * snapshot are gone: the later report listed none of them (a report with no
 * key stores accounts and no token, so the token read alone would still see
 * the earlier keys).
 */
export function currentTokens<T extends Token>(tokens: readonly T[], accounts: readonly Account[]): T[] {
  const latest = new Map<string, number>();
  for (const a of accounts)
    if (TOKEN_INVENTORY_FEEDS.includes(a.feed))
      latest.set(a.feed, Math.max(latest.get(a.feed) ?? a.snapshot_at, a.snapshot_at));
  return tokens.filter((t) => t.snapshot_at >= (latest.get(t.feed) ?? t.snapshot_at));
}

/** `token_expiry_compliance`: % of active tokens within the age/expiry policy. */
export function tokenExpiryCompliance(tokens: readonly Token[], maxAgeDays: number): MetricValue {
  const counts: Record<TokenVerdict, number> = { compliant: 0, non_compliant: 0, unknown: 0 };
  for (const token of tokens) if (token.active) counts[tokenVerdict(token, maxAgeDays)]++;
  return percentValue(
    counts.compliant,
    counts.compliant + counts.non_compliant,
    "no active token with a creation, rotation or expiry time",
    { ...counts, inactive: tokens.filter((t) => !t.active).length, max_token_age_days: maxAgeDays },
  );
}
