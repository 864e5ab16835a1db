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
import { ACCOUNT, type Account, TOKEN, type Token } from "./records.ts";

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
      async compute(store, { period, config }) {
        const tokens = await store.snapshot<Token>(TOKEN.kind, period.end);
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
