import type { Store } from "../../store/store.ts";
import { KEY, type KeyRecord, SAFE_STATE, type SafeState } from "./records.ts";

/** The key inventory's latest snapshot before `end`, and the Safes' latest. */
export async function keyInputs(store: Store, end: number) {
  const [keys, safes] = await Promise.all([
    store.snapshot<KeyRecord>(KEY.kind, end),
    store.snapshot<SafeState>(SAFE_STATE.kind, end),
  ]);
  return { keys, safes };
}
