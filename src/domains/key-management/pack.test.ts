import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeKpis } from "../../app/compute-kpis.ts";
import { drillDown } from "../../app/drill-down.ts";
import { importFile } from "../../app/import-file.ts";
import { parseConfig } from "../../config/load.ts";
import { bufferSource } from "../../importers/file-source.ts";
import type { Store } from "../../store/store.ts";
import { createTestStore, ENGINES } from "../../test-support/engines.ts";

/*
 * The hand-made key inventories of src/importers/key-inventory/fixtures (inventory.csv at
 * 2026-09-30, inventory.yaml at 2026-10-31) and the Safe responses of
 * src/importers/safe-transaction-service/fixtures (safe-v1.json pulled 2026-09-20, safes.json
 * 2026-10-20), under the default policy: treasury at least 3-of-5; no hot treasury, admin or
 * upgrade key; operator and oracle keys rotated within 90 days; treasury, admin and upgrade
 * ceremonies within 365 days. Expected values, by hand:
 *
 * 2026-09 (end 10-01; CSV inventory, safe-v1.json):
 *   treasury-safe: Safe 0xf341… (no chainId: any chain) 3 of 5 owners = declared 3-of-5; ceremony
 *     03-01 + 365 d = 2027-03-01 → compliant.
 *   protocol-admin: 4-of-7, no Safe pulled (unreconciled); ceremony 01-15 → 2027-01-15 → compliant.
 *   upgrade-proposer: ceremony 2025-09-01 + 365 d = 2026-09-01 < 10-01 → ceremony_overdue.
 *   keeper-bot: never rotated, created 06-01 + 90 d = 08-30 < 10-01 → rotation_overdue.
 *   oracle-signer: rotated 05-01 + 90 d = 07-30 → rotation_overdue.
 *   emergency-pauser: guardian, no rule → compliant.
 *   → 3 / 6 = 50 %.
 * 2026-10 (end 11-01; YAML inventory, safes.json):
 *   treasury-safe: Safe 1:0xf341… is 2 of 5 → threshold_below_policy (2-of-5 < 3-of-5) and
 *     onchain_threshold_mismatch (declared 3-of-5).
 *   protocol-admin: Safe 1:0x368b… 4 of 7 = declared → compliant.
 *   upgrade-proposer: ceremony_overdue, as in September.
 *   keeper-bot: rotated 10-05 + 90 d = 2027-01-03 → compliant.
 *   oracle-signer: rotation_overdue.   emergency-pauser: compliant.
 *   ops-admin-hot: hot admin → hot_key_forbidden; no ceremony date → ceremony_overdue.
 *   grants-treasury: 3-of-4 declared, no Safe pulled → threshold_below_policy (4 signers < 5).
 *   → 3 / 8 = 37.5 %; rules: threshold 2, hot 1, mismatch 1, rotation 1, ceremony 2;
 *   Safe 10:0x7f1f… names no key: undeclared.
 * 2026-08: no inventory before 09-01 → no data.
 */
const NOW = Date.parse("2026-11-20T12:00:00Z");
const config = parseConfig({});
const fixture = (path: string) => readFile(new URL(`../../importers/${path}`, import.meta.url));

for (const engine of ENGINES) {
  describe(`key management compliance on ${engine.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    const load = async (path: string, scannedAt?: string) =>
      importFile(store, {
        source: bufferSource(path.split("/").pop() as string, await fixture(path)),
        options: { timezone: "UTC", ...(scannedAt ? { scannedAt: Date.parse(scannedAt) } : {}) },
        now: NOW,
      });
    const metric = async (period: string, on = config) => {
      const report = await computeKpis(store, period, { config: on, now: NOW });
      return report.metrics.find((m) => m.id === "key_management_compliance");
    };

    beforeAll(async () => {
      ({ store, dispose } = await createTestStore(engine));
      await load("key-inventory/fixtures/inventory.csv");
      await load("key-inventory/fixtures/inventory.yaml");
      await load("safe-transaction-service/fixtures/safe-v1.json", "2026-09-20T00:00:00Z");
      await load("safe-transaction-service/fixtures/safes.json", "2026-10-20T00:00:00Z");
    });
    afterAll(async () => dispose());

    it("imports the same Safes again without change", async () => {
      const again = await load("safe-transaction-service/fixtures/safes.json", "2026-10-20T00:00:00Z");
      expect(again.status).toBe("unchanged");
    });

    it("has no figure before the first inventory", async () => {
      expect((await metric("2026-08"))?.value).toBeNull();
    });

    it("judges each period's inventory against the policy and the Safes of the time", async () => {
      const september = await metric("2026-09");
      expect(september?.value).toBe(50);
      expect(september?.details).toEqual({
        keys: 6,
        violations_by_rule: {
          threshold_below_policy: 0,
          hot_key_forbidden: 0,
          onchain_threshold_mismatch: 0,
          rotation_overdue: 2,
          ceremony_overdue: 1,
        },
        unreconciled_multisigs: ["protocol-admin"],
        undeclared_safes: [],
      });
      const october = await metric("2026-10");
      expect(october?.value).toBe(37.5);
      expect(october?.details).toEqual({
        keys: 8,
        violations_by_rule: {
          threshold_below_policy: 2,
          hot_key_forbidden: 1,
          onchain_threshold_mismatch: 1,
          rotation_overdue: 1,
          ceremony_overdue: 2,
        },
        unreconciled_multisigs: ["grants-treasury"],
        undeclared_safes: ["10:0x7f1fce465409132e7e62dba326f42b0db5fc8ccf"],
      });
    });

    it("follows the configured policy: a 2-of-5 treasury floor and no ceremony rule leave two more keys compliant", async () => {
      // October under it: treasury-safe still mismatches the chain; grants-treasury (3-of-4 ≥ 2-of-5),
      // upgrade-proposer (no ceremony rule) comply; ops-admin-hot is still hot → 5 / 8 = 62.5 %.
      const lenient = parseConfig({
        key_management: { min_threshold: { treasury: "2-of-4" }, ceremony: {} },
      });
      expect((await metric("2026-10", lenient))?.value).toBe(62.5);
    });

    it("drills into every key with the rules it breaks, then the Safes no key names", async () => {
      const drill = await drillDown(store, "key_management_compliance", "2026-10", config);
      expect(drill.rows.map((r) => [r.id, r.counted, r.note])).toEqual([
        ["grants-treasury", false, "threshold_below_policy: 3-of-4 is below 3-of-5 for treasury keys"],
        [
          "ops-admin-hot",
          false,
          "hot_key_forbidden: admin keys may not be held hot; ceremony_overdue: no ceremony date recorded",
        ],
        ["oracle-signer", false, "rotation_overdue: last rotation 2026-05-01, due 2026-07-30"],
        [
          "treasury-safe",
          false,
          "threshold_below_policy: 2-of-5 on-chain is below 3-of-5 for treasury keys; " +
            "onchain_threshold_mismatch: declared 3-of-5 differs from on-chain 2-of-5",
        ],
        ["upgrade-proposer", false, "ceremony_overdue: last ceremony 2025-09-01, due 2026-09-01"],
        ["emergency-pauser", true, null],
        ["keeper-bot", true, null],
        ["protocol-admin", true, null],
        ["10:0x7f1fce465409132e7e62dba326f42b0db5fc8ccf", false, "Safe not in the key inventory"],
      ]);
      const treasury = drill.rows.find((r) => r.id === "treasury-safe");
      expect(treasury?.fields).toMatchObject({ declared: "3-of-5", on_chain: "2-of-5", purpose: "treasury" });
      expect(treasury?.provenance).toMatchObject({ file_name: "inventory.yaml" });
    });
  });
}
