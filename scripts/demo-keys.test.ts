import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeKpis } from "../src/app/compute-kpis.ts";
import { importFile } from "../src/app/import-file.ts";
import { parseConfig } from "../src/config/load.ts";
import { bufferSource } from "../src/importers/file-source.ts";
import type { Store } from "../src/store/store.ts";
import { createTestStore, ENGINES } from "../src/test-support/engines.ts";
import { keyInventories, safePulls } from "./demo-keys.ts";

/*
 * The demo's key management figures, by hand from scripts/demo-keys.ts under the default policy
 * (treasury ≥ 3-of-5; no hot treasury, admin, upgrade key; operator and oracle rotated within
 * 90 d; treasury, admin, upgrade ceremonies within 365 d). Inventories at each month's last day
 * 23:00 UTC, Safes pulled at 22:00 the same day.
 *
 *   2026-08 (end 09-01): payout-treasury, MPC 2-of-3 < 3-of-5, breaks threshold_below_policy; the
 *     settlement bot's rotation (06-15 + 90 d) is due 09-13, the oracle's (07-20) 10-18; the
 *     upgrader's ceremony (2025-11-20 + 365 d) 2026-11-20 → 5 / 6 = 83.3 %.
 *   2026-09 (end 10-01): the settlement bot is overdue → 4 / 6 = 66.7 %.
 *   2026-10 (end 11-01): the bot was rotated 10-08 (due 2027-01-06); the oracle is overdue; the DAO
 *     treasury Safe is 2 of 5 on-chain: below 3-of-5 and unlike the declared 3-of-5 → compliant:
 *     vault-admin, vault-upgrader, settlement-operator → 3 / 6 = 50 %.
 *   2026-11 (end 12-01, October's inventory still current): the upgrader's ceremony fell due 11-20
 *     → 2 / 6 = 33.3 %.
 */
const NOW = Date.parse("2026-12-02T00:00:00Z");

for (const engine of ENGINES) {
  describe(`the demo's key management on ${engine.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    const config = parseConfig({});
    const metric = async (period: string) =>
      (await computeKpis(store, period, { config, now: NOW })).metrics.find(
        (m) => m.id === "key_management_compliance",
      );

    beforeAll(async () => {
      ({ store, dispose } = await createTestStore(engine));
      const load = (name: string, text: string, scannedAt?: string) =>
        importFile(store, {
          source: bufferSource(name, Buffer.from(text)),
          options: { timezone: "UTC", ...(scannedAt ? { scannedAt: Date.parse(scannedAt) } : {}) },
          now: NOW,
        });
      for (const file of keyInventories()) await load(file.name, file.text);
      for (const pull of safePulls()) await load(pull.name, pull.text, pull.scannedAt);
    });
    afterAll(async () => dispose());

    it("falls as rotations lapse and the treasury Safe drops its threshold", async () => {
      const values = await Promise.all(["2026-08", "2026-09", "2026-10", "2026-11"].map(metric));
      expect(values.map((m) => m?.value)).toEqual([
        expect.closeTo(500 / 6, 10),
        expect.closeTo(400 / 6, 10),
        50,
        expect.closeTo(200 / 6, 10),
      ]);
      expect(values[2]?.details).toEqual({
        keys: 6,
        violations_by_rule: {
          threshold_below_policy: 2,
          hot_key_forbidden: 0,
          onchain_threshold_mismatch: 1,
          rotation_overdue: 1,
          ceremony_overdue: 0,
        },
        unreconciled_multisigs: [],
        undeclared_safes: [],
      });
      expect(values[2]?.status).toBe("missed");
    });
  });
}
