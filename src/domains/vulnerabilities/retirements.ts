import { databaseOf, writeWaitingForLock } from "../../store/kysely-store.ts";
import type { Store } from "../../store/store.ts";
import type { TargetRetirement, VulnerabilityTables } from "./records.ts";

/**
 * The writes behind `secmetrics targets retire` and `restore`: rows are only
 * added or closed, never deleted, so every period keeps being judged with
 * the retirements in effect at its end.
 */

export async function recordRetirement(
  store: Store,
  retirement: Omit<TargetRetirement, "restored_at" | "restored_by">,
): Promise<void> {
  await writeWaitingForLock(store, () =>
    databaseOf(store)
      .withTables<VulnerabilityTables>()
      .insertInto("target_retirements")
      .values({ ...retirement, restored_at: null, restored_by: null })
      .execute(),
  );
}

/** Ends `retirement` at `at`. */
export async function recordRestore(
  store: Store,
  retirement: TargetRetirement,
  restore: { at: number; by: string },
): Promise<void> {
  await writeWaitingForLock(store, () =>
    databaseOf(store)
      .withTables<VulnerabilityTables>()
      .updateTable("target_retirements")
      .set({ restored_at: restore.at, restored_by: restore.by })
      .where("target", "=", retirement.target)
      .where("retired_at", "=", retirement.retired_at)
      .where("restored_at", "is", null)
      .execute(),
  );
}
