import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeKpis } from "../../app/compute-kpis.ts";
import { drillDown } from "../../app/drill-down.ts";
import { importFile } from "../../app/import-file.ts";
import { parseConfig } from "../../config/load.ts";
import { directorySource, fileSource } from "../../importers/file-source.ts";
import type { Store } from "../../store/store.ts";
import { createTestStore, ENGINES } from "../../test-support/engines.ts";

/*
 * ENS's real mainnet registry (importers/web3-deployments/fixtures/ens, 24 contracts on chain 1)
 * against ENS's two real Code4rena audits (importers/assessments/fixtures/ens-audits.yaml, each
 * in-scope file with its Keccak-256 at the audited commit). By hand, for 2026-10:
 *   The deployed files the scopes name (jq '.metadata|fromjson|.settings.compilationTarget' on each
 *   deployment file, against grep 'file:' ens-audits.yaml): DNSSECImpl.sol and
 *   ETHRegistrarController.sol (July), NameWrapper.sol (July and November). Each deployed source's
 *   hash (the metadata's sources[file].keccak256) differs from every audited one → 3 code_differs;
 *   ReverseRegistrar is deployed from contracts/reverseRegistrar/, July audited contracts/registry/
 *   → not named, with the 20 others → 21 not_named. Covered 0 of 24 → 0 %.
 * 2026-11: the register again, with a hand-made fix review (completed 2026-11-05) naming
 *   NameWrapper.sol with its deployed hash 0x91ee0a58… and ENSRegistry by name alone: NameWrapper
 *   covered and verified, ENSRegistry covered unverified → 2 of 24 = 8.333… %; 2 code_differs.
 */
const NOW = Date.parse("2026-11-20T12:00:00Z");
const FIXTURES = fileURLToPath(new URL("../../importers", import.meta.url));
const ENS = join(FIXTURES, "web3-deployments/fixtures/ens");
const AUDITS = join(FIXTURES, "assessments/fixtures/ens-audits.yaml");
const NAME_WRAPPER = "1:0xd4416b13d2b3a9abae7acd5d6c2bbdbe25686401";
const FIX_REVIEW = `  - id: ENS-FIX-REVIEW
    type: smart_contract_audit
    scope: Fix review of the Name Wrapper as deployed
    started_at: 2026-11-01
    completed_at: 2026-11-05
    contracts:
      - { file: contracts/wrapper/NameWrapper.sol, source_hash: "0x91ee0a58d8ecf132c4e7fba9a25bbf45bbfc3634f2024b30a6a2eea4a151ed0c" }
      - ENSRegistry
`;

const byName = (rows: unknown[][]) => rows.sort((a, b) => String(a[0]).localeCompare(String(b[0])));

for (const engine of ENGINES) {
  describe(`smart contract audit coverage on ${engine.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    let root: string;
    const config = parseConfig({});
    const coverage = async (period: string) =>
      (await computeKpis(store, period, { config, now: NOW })).metrics.find(
        (m) => m.id === "smart_contract_audit_coverage",
      );
    const options = (scannedAt: string) => ({ timezone: "UTC", scannedAt: Date.parse(scannedAt) });

    beforeAll(async () => {
      ({ store, dispose } = await createTestStore(engine));
      root = mkdtempSync(join(tmpdir(), "secmetrics-audit-coverage-"));
      await importFile(store, {
        source: directorySource(ENS),
        options: options("2026-10-15T00:00:00Z"),
        now: NOW,
      });
      await importFile(store, {
        source: fileSource(AUDITS),
        options: options("2026-10-20T00:00:00Z"),
        now: NOW,
      });
      await importFile(store, {
        source: directorySource(ENS),
        options: options("2026-11-15T00:00:00Z"),
        now: NOW,
      });
      const later = join(root, "ens-audits.yaml");
      writeFileSync(
        later,
        `${readFileSync(AUDITS, "utf8").replace("2026-10-20T00:00:00Z", "2026-11-10T00:00:00Z")}${FIX_REVIEW}`,
      );
      await importFile(store, {
        source: fileSource(later),
        options: options("2026-11-10T00:00:00Z"),
        now: NOW,
      });
    });
    afterAll(async () => {
      await dispose();
      rmSync(root, { recursive: true, force: true });
    });

    it("finds none of ENS's deployed contracts to be the code its Code4rena audits saw", async () => {
      expect(await coverage("2026-09")).toMatchObject({ value: null }); // before the register: no data
      expect(await coverage("2026-10")).toMatchObject({
        value: 0,
        n: 24,
        details: { covered: 0, code_differs: 3, not_named: 21, upgraded_after_audit: 0, audits_completed: 2 },
      });
      expect((await coverage("2026-11"))?.value).toBeCloseTo((2 / 24) * 100, 10);
      expect(await coverage("2026-11")).toMatchObject({
        details: { covered: 2, verified: 1, code_differs: 2, not_named: 20, audits_completed: 3 },
      });
    });

    it("names each contract's audit, or why not", async () => {
      const october = await drillDown(store, "smart_contract_audit_coverage", "2026-10", config);
      expect(october.rows).toHaveLength(24);
      const differs = october.rows.filter((r) => r.fields.status === "code_differs");
      expect(byName(differs.map((r) => [r.fields.name, r.fields.audit, r.counted]))).toEqual([
        ["DNSSECImpl", "C4-2022-07-ENS", false],
        ["ETHRegistrarController", "C4-2022-07-ENS", false],
        ["NameWrapper", "C4-2022-11-ENS", false],
      ]);
      expect(october.rows.find((r) => r.id === NAME_WRAPPER)?.note).toBe(
        "source contracts/wrapper/NameWrapper.sol is 0x91ee0a58d8ecf132c4e7fba9a25bbf45bbfc3634f2024b30a6a2eea4a151ed0c, not the 0x60e0562b421424937ea53df9fd1d2482a7138c63b082910e56dfefd908e3470f C4-2022-11-ENS audited on 2022-11-28",
      );
      expect(october.rows.find((r) => r.fields.name === "ReverseRegistrar")?.note).toBe(
        "no completed audit names it",
      );
      const november = await drillDown(store, "smart_contract_audit_coverage", "2026-11", config);
      const covered = november.rows.filter((r) => r.counted);
      expect(byName(covered.map((r) => [r.fields.name, r.fields.audit, r.fields.verified_by_hash]))).toEqual([
        ["ENSRegistry", "ENS-FIX-REVIEW", false],
        ["NameWrapper", "ENS-FIX-REVIEW", true],
      ]);
    });
  });
}
