import type { Store } from "../../store/store.ts";
import type { DrillContext } from "../domain-pack.ts";
import { type DrillRow, iso, recordRow } from "../drill-row.ts";
import { feedsTrackingOwners, isActiveAccount, orphanReasons, tokenVerdict } from "./compute.ts";
import { tokensAt } from "./queries.ts";
import { ACCOUNT, type Account } from "./records.ts";

/** The active accounts of the latest snapshots, with whether each is privileged or why it is orphaned. */
export async function accountDrill(
  store: Store,
  metricId: string,
  { period, config }: DrillContext,
  limit: number,
) {
  const accounts = (await store.snapshot<Account>(ACCOUNT.kind, period.end)).filter(isActiveAccount);
  const tracking = feedsTrackingOwners(accounts);
  return accounts.slice(0, limit + 1).map((a) => {
    const fields: DrillRow["fields"] = {
      name: a.name,
      snapshot_at: iso(a.snapshot_at),
      privileged: a.privileged,
      owner: a.owner,
      owner_status: a.owner_status,
      last_used_at: iso(a.last_used_at),
    };
    if (metricId === "privileged_accounts")
      return recordRow(
        a,
        a.snapshot_at,
        fields,
        a.privileged === true,
        a.privileged === null ? "privilege unknown" : null,
      );
    const reasons = orphanReasons(a, {
      orphanAfterDays: config.orphan_after_days,
      ownersTracked: tracking.has(a.feed),
    });
    return recordRow(
      a,
      a.snapshot_at,
      fields,
      reasons.length > 0,
      reasons.length > 0 ? reasons.join(", ") : null,
    );
  });
}

/** The active tokens of the latest snapshots, with their verdict against the age policy. */
export async function tokenDrill(
  store: Store,
  _metricId: string,
  { period, config }: DrillContext,
  limit: number,
) {
  const tokens = await tokensAt(store, period.end);
  return tokens
    .filter((t) => t.active)
    .slice(0, limit + 1)
    .map((t) => {
      const verdict = tokenVerdict(t, config.max_token_age_days);
      return recordRow(
        t,
        t.snapshot_at,
        {
          account_id: t.account_id,
          type: t.token_type,
          created_at: iso(t.created_at),
          last_rotated_at: iso(t.last_rotated_at),
          expires_at: iso(t.expires_at),
          verdict,
        },
        verdict === "compliant",
        verdict === "unknown" ? "no creation, rotation or expiry time: left out" : null,
      );
    });
}
