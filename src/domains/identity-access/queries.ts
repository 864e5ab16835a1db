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

/** The first account snapshot of a feed that lists tokens: token data begins there even with no token. */
export async function earliestTokenInventory({ db }: QueryContext): Promise<number | null> {
  const row = await db
    .withTables<IdentityAccessTables>()
    .selectFrom("accounts")
    .select(sql<number | null>`min(snapshot_at)`.as("first"))
    .where("feed", "in", [...TOKEN_INVENTORY_FEEDS])
    .executeTakeFirst();
  return row?.first == null ? null : Number(row.first);
}

/** The tokens in force at `end`: each feed's latest snapshot, less those a later inventory no longer lists. */
export async function tokensAt(store: Store, end: number): Promise<Stored<Token>[]> {
  const [tokens, accounts] = await Promise.all([
    store.snapshot<Token>(TOKEN.kind, end),
    store.snapshot<Account>(ACCOUNT.kind, end),
  ]);
  return currentTokens(tokens, accounts);
}
