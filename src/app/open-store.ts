import { STORE_SCHEMA } from "../domains/registry.ts";
import { openKyselyStore } from "../store/kysely-store.ts";
import type { Store } from "../store/store.ts";

/** Opens (and migrates) the store at `url` with every domain's record kinds: a SQLite path or a postgres:// URL. */
export function openStore(url: string): Promise<Store> {
  return openKyselyStore(url, STORE_SCHEMA);
}
