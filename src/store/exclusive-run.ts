import { sql } from "kysely";
import { databaseOf } from "./kysely-store.ts";
import type { Store } from "./store.ts";

const runningInProcess = new WeakMap<Store, Set<string>>();

/**
 * Runs `work` unless work of the same name is running on this store: null
 * then, at once. PostgreSQL: a session advisory lock on the name's hash, so
 * one runs among every process and server on the database. SQLite: one per
 * process; what must hold across processes there needs a row of its own
 * (a unique claim) besides.
 */
export async function runExclusively<T>(
  store: Store,
  name: string,
  work: () => Promise<T>,
): Promise<T | null> {
  if (store.engine === "postgres") {
    const lock = sql`hashtext(${name})`;
    return databaseOf(store)
      .connection()
      .execute(async (held) => {
        const { rows } = await sql<{
          locked: boolean;
        }>`select pg_try_advisory_lock(${lock}) as locked`.execute(held);
        if (!rows[0]?.locked) return null;
        try {
          return await work();
        } finally {
          await sql`select pg_advisory_unlock(${lock})`.execute(held);
        }
      });
  }
  const running = runningInProcess.get(store) ?? new Set<string>();
  runningInProcess.set(store, running);
  if (running.has(name)) return null;
  running.add(name);
  try {
    return await work();
  } finally {
    running.delete(name);
  }
}
