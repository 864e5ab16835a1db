import { sql } from "kysely";
import type { Stored } from "../../model/records.ts";
import type { QueryContext, Store } from "../../store/store.ts";
import { currentTokens } from "./compute.ts";
import {
  ACCOUNT,
  type Account,
  type IdentityAccessTables,
  TOKEN,
  TOKEN_INVENTORY_FEEDS,
  type Token,
} from "./records.ts";

/**
 * The first and last account snapshots of feeds that list tokens: token data
 * begins and ends with them even when they list no token.
 */
export async function tokenInventorySpan({
  db,
}: QueryContext): Promise<{ first: number | null; last: number | null }> {
  const row = await db
    .withTables<IdentityAccessTables>()
    .selectFrom("accounts")
    .select([
      sql<number | null>`min(snapshot_at)`.as("first"),
      sql<number | null>`max(snapshot_at)`.as("last"),
    ])
    .where("feed", "in", [...TOKEN_INVENTORY_FEEDS])
    .executeTakeFirst();
  const instant = (value: number | null | undefined) => (value == null ? null : Number(value));
  return { first: instant(row?.first), last: instant(row?.last) };
}

/** The tokens in force at `end`: each feed's latest snapshot, less those a later inventory no longer lists. */
export async function tokensAt(store: Store, end: number): Promise<Stored<Token>[]> {
  const [tokens, accounts] = await Promise.all([
    store.snapshot<Token>(TOKEN.kind, end),
    store.snapshot<Account>(ACCOUNT.kind, end),
  ]);
  return currentTokens(tokens, accounts);
}
