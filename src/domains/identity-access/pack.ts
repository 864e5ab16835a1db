import type { DomainPack } from "../domain-pack.ts";
import {
  DEFAULT_MAX_TOKEN_AGE_DAYS,
  DEFAULT_ORPHAN_AFTER_DAYS,
  orphanedAccounts,
  privilegedAccounts,
  tokenExpiryCompliance,
} from "./compute.ts";
import { accountDrill, tokenDrill } from "./drill.ts";
import { IDENTITY_ACCESS_METRICS } from "./metrics.ts";
import { tokenInventorySpan, tokensAt } from "./queries.ts";
import { ACCOUNT, type Account, TOKEN } from "./records.ts";

/** Account and token inventories: each feed's latest snapshot before the period end. */
export const identityAccess: DomainPack = {
  id: "identity-access",
  recordKinds: [ACCOUNT, TOKEN],
  migrations: [],
  metrics: IDENTITY_ACCESS_METRICS,
  families: [
    {
      metrics: ["privileged_accounts", "orphaned_accounts"],
      kinds: [ACCOUNT.kind],
      async dataEnd(store) {
        const at = await store.latestRecord(ACCOUNT.kind);
        return at === null ? null : { at, record: "account inventory" };
      },
      async compute(store, { period, config }) {
        const accounts = await store.snapshot<Account>(ACCOUNT.kind, period.end);
        return {
          privileged_accounts: privilegedAccounts(accounts),
          orphaned_accounts: orphanedAccounts(
            accounts,
            config.orphan_after_days ?? DEFAULT_ORPHAN_AFTER_DAYS,
          ),
        };
      },
      drill: accountDrill,
    },
    {
      metrics: ["token_expiry_compliance"],
      kinds: [TOKEN.kind],
      // A credential report with no key is still a token inventory: its data begins and ends there too.
      async dataStart(store) {
        const starts = [await store.earliestRecord(TOKEN.kind), (await store.read(tokenInventorySpan)).first];
        const known = starts.filter((start): start is number => start !== null);
        return known.length > 0 ? Math.min(...known) : null;
      },
      async dataEnd(store) {
        const ends = [await store.latestRecord(TOKEN.kind), (await store.read(tokenInventorySpan)).last];
        const known = ends.filter((end): end is number => end !== null);
        return known.length > 0 ? { at: Math.max(...known), record: "token inventory" } : null;
      },
      async compute(store, { period, config }) {
        const tokens = await tokensAt(store, period.end);
        return {
          token_expiry_compliance: tokenExpiryCompliance(
            tokens,
            config.max_token_age_days ?? DEFAULT_MAX_TOKEN_AGE_DAYS,
          ),
        };
      },
      drill: tokenDrill,
    },
  ],
};
