import { STORE_SCHEMA } from "../domains/registry.ts";
import { openKyselyStore } from "../store/kysely-store.ts";
import type { LockWait } from "../store/lock-wait.ts";
import type { Store } from "../store/store.ts";

/**
 * Opens (and migrates) the store at `url` with every domain's record kinds: a SQLite path or a postgres:// URL.
 * `lockWait`: how long its writes wait for another process's write lock (SQLite), 20 s unless given.
 */
export function openStore(url: string, lockWait?: LockWait): Promise<Store> {
  return openKyselyStore(url, STORE_SCHEMA, lockWait);
}
