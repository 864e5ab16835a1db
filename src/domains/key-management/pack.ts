import type { DomainPack } from "../domain-pack.ts";
import { judgeInventory, keyManagementCompliance } from "./compute.ts";
import { keyManagementDrill } from "./drill.ts";
import { KEY_MANAGEMENT_METRICS } from "./metrics.ts";
import { MIGRATIONS } from "./migrations.ts";
import { keyInputs } from "./queries.ts";
import { KEY, SAFE_STATE } from "./records.ts";

/**
 * Web3 key management: the key inventory's latest snapshot before each
 * period end judged against the config's policy, multisig keys reconciled
 * with the Safes the Safe Transaction Service reported.
 */
export const keyManagement: DomainPack = {
  id: "key-management",
  recordKinds: [KEY, SAFE_STATE],
  migrations: MIGRATIONS,
  metrics: KEY_MANAGEMENT_METRICS,
  families: [
    {
      metrics: ["key_management_compliance"],
      kinds: [KEY.kind, SAFE_STATE.kind],
      // The inventory is what is judged: Safes pulled daily do not make a year-old inventory fresh.
      dataStart: (store) => store.earliestRecord(KEY.kind),
      async dataEnd(store) {
        const at = await store.latestRecord(KEY.kind);
        return at === null ? null : { at, record: "key inventory" };
      },
      async compute(store, { period, config }) {
        const { keys, safes } = await keyInputs(store, period.end);
        const judged = judgeInventory(keys, safes, config.key_management, period.end);
        return { key_management_compliance: keyManagementCompliance(judged, safes.length > 0) };
      },
      drill: keyManagementDrill,
    },
  ],
};
