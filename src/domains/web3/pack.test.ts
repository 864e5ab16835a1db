import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeKpis } from "../../app/compute-kpis.ts";
import { drillDown } from "../../app/drill-down.ts";
import { importFile } from "../../app/import-file.ts";
import { parseConfig } from "../../config/load.ts";
import { directorySource } from "../../importers/file-source.ts";
import type { Store } from "../../store/store.ts";
import { createTestStore, ENGINES } from "../../test-support/engines.ts";

/*
 * ENS's hardhat-deploy mainnet folder (src/importers/web3-deployments/fixtures/ens), imported
 * twice as registry snapshots. Expected values, by hand:
 *
 * 2026-10-15 snapshot: the fixture, 24 contracts on chain 1.
 *   2026-10: no snapshot before the period: every contract is new → new_deployments 24.
 *   Collisions (jq -r '.abi[] | select(.type=="event") | "\(.name)(\([.inputs[].type]|join(",")))"' *.json
 *   | sort -u | awk -F'(' '{print $1}' | uniq -d → NameRegistered, NameRenewed, Transfer): three event
 *   names with no signature in common between two contracts — NameRegistered and NameRenewed of
 *   ETHRegistrarController vs BaseRegistrarImplementation, Transfer(bytes32,address) of ENSRegistry vs
 *   the ERC-721 Transfer(address,address,uint256) of BaseRegistrarImplementation → interface_collisions 3.
 * 2026-11-15 snapshot: the same folder without Root.json, with Token.json (hand-made, an ERC-20
 *   Transfer with the value not indexed).
 *   2026-11: Token is new, Root is gone → new_deployments 1 (Root named in the drill, not counted).
 *   Token's Transfer shares topic0 0xddf252ad… with BaseRegistrarImplementation's, indexed
 *   [true,true,false] vs [true,true,true] → one indexed mismatch more: interface_collisions 4 (the
 *   Transfer name clash stays one finding: ENSRegistry's Transfer still shares nothing).
 */
const NOW = Date.parse("2026-11-20T12:00:00Z");
const ENS = fileURLToPath(new URL("../../importers/web3-deployments/fixtures/ens", import.meta.url));
const TOKEN = "0x4444444444444444444444444444444444444444";
const ROOT = "0xab528d626ec275e3fad363ff1393a41f581c5897";
const ERC20_TRANSFER = {
  type: "event",
  name: "Transfer",
  anonymous: false,
  inputs: [
    { name: "from", type: "address", indexed: true },
    { name: "to", type: "address", indexed: true },
    { name: "value", type: "uint256", indexed: false },
  ],
};

for (const engine of ENGINES) {
  describe(`web3 deployments registry on ${engine.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    let root: string;
    const config = parseConfig({});
    const values = async (period: string, on = config) => {
      const report = await computeKpis(store, period, { config: on, now: NOW });
      return ["new_deployments", "interface_collisions"].map(
        (id) => report.metrics.find((m) => m.id === id)?.value ?? null,
      );
    };
    const importFolder = (path: string, scannedAt: string) =>
      importFile(store, {
        source: directorySource(path),
        options: { timezone: "UTC", scannedAt: Date.parse(scannedAt) },
        now: NOW,
      });

    beforeAll(async () => {
      ({ store, dispose } = await createTestStore(engine));
      root = mkdtempSync(join(tmpdir(), "secmetrics-web3-pack-"));
      await importFolder(ENS, "2026-10-15T00:00:00Z");
      const later = join(root, "ens");
      cpSync(ENS, later, { recursive: true });
      rmSync(join(later, "deployments/mainnet/Root.json"));
      writeFileSync(
        join(later, "deployments/mainnet/Token.json"),
        JSON.stringify({ address: TOKEN, abi: [ERC20_TRANSFER] }),
      );
      await importFolder(later, "2026-11-15T00:00:00Z");
    });
    afterAll(async () => {
      await dispose();
      rmSync(root, { recursive: true, force: true });
    });

    it("counts every contract new in the first period, then the one that appeared", async () => {
      expect(await values("2026-09")).toEqual([null, null]); // before the first snapshot: no data
      expect(await values("2026-10")).toEqual([24, 3]);
      expect(await values("2026-11")).toEqual([1, 4]);
    });

    it("imports the same folder again as nothing new", async () => {
      const again = await importFolder(ENS, "2026-10-15T00:00:00Z");
      expect(again.status).toBe("unchanged");
    });

    it("names the new contract, and the one that disappeared without counting it", async () => {
      const { rows } = await drillDown(store, "new_deployments", "2026-11", config);
      expect(rows.map((r) => [r.id, r.fields.change, r.fields.name, r.counted, r.note])).toEqual([
        [`1:${TOKEN}`, "new", "Token", true, null],
        [`1:${ROOT}`, "removed", "Root", false, "no longer in the registry"],
      ]);
    });

    it("lists the contracts in a collision first, and lets allowed names pass", async () => {
      const { rows } = await drillDown(store, "interface_collisions", "2026-11", config);
      const colliding = rows.filter((r) => r.counted).map((r) => r.fields.name);
      expect(colliding.sort()).toEqual([
        "BaseRegistrarImplementation",
        "ENSRegistry",
        "ETHRegistrarController",
        "Token",
      ]);
      const allowing = parseConfig({
        web3: { allowed_names: ["Transfer", "NameRegistered", "NameRenewed"] },
      });
      // The indexed mismatch is no name clash: allowing the names leaves it.
      expect(await values("2026-11", allowing)).toEqual([1, 1]);
    });
  });
}

/*
 * event_emission_coverage over one registry folder holding three layouts: veBalFeeInjector from a
 * Foundry broadcast with the real out/ (fixtures/vebal), Lock from an Ignition deployment with the
 * real Hardhat build-info (fixtures/lock), and ENS's Root from a hardhat-deploy file with no sources.
 * By hand (see importers/web3-deployments/event-emission.test.ts): veBalFeeInjector has 9
 * state-changing functions, 8 emit (withdraw does not); Lock has withdraw(), which emits; Root is
 * not analysed → 9 of 10 emit: 90 %.
 */
const FIXTURES = fileURLToPath(new URL("../../importers/web3-deployments/fixtures", import.meta.url));
const INJECTOR = "0x5555555555555555555555555555555555555555";
const LOCK = "0x6666666666666666666666666666666666666666";

for (const engine of ENGINES) {
  describe(`event emission coverage on ${engine.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    let root: string;
    const config = parseConfig({});

    beforeAll(async () => {
      ({ store, dispose } = await createTestStore(engine));
      root = mkdtempSync(join(tmpdir(), "secmetrics-web3-events-"));
      cpSync(join(FIXTURES, "vebal"), root, { recursive: true });
      cpSync(join(FIXTURES, "lock"), root, { recursive: true });
      const write = (path: string, content: unknown) => {
        mkdirSync(dirname(join(root, path)), { recursive: true });
        writeFileSync(join(root, path), typeof content === "string" ? content : JSON.stringify(content));
      };
      write("broadcast/Deploy.s.sol/1/run-latest.json", {
        transactions: [
          { transactionType: "CREATE", contractName: "veBalFeeInjector", contractAddress: INJECTOR },
        ],
      });
      write("ignition/deployments/chain-31337/deployed_addresses.json", { "LockModule#Lock": LOCK });
      write("deployments/mainnet/.chainId", "1");
      cpSync(join(ENS, "deployments/mainnet/Root.json"), join(root, "deployments/mainnet/Root.json"));
      await importFile(store, {
        source: directorySource(root),
        options: { timezone: "UTC", scannedAt: Date.parse("2026-10-15T00:00:00Z") },
        now: NOW,
      });
    });
    afterAll(async () => {
      await dispose();
      rmSync(root, { recursive: true, force: true });
    });

    it("counts the share of analysed state-changing functions that emit, naming the contract without sources", async () => {
      const report = await computeKpis(store, "2026-10", { config, now: NOW });
      const metric = report.metrics.find((m) => m.id === "event_emission_coverage");
      expect(metric?.value).toBe(90);
      expect(metric?.details).toEqual({
        functions_analysed: 10,
        external_only: 0,
        none: 1,
        contracts_analysed: 2,
        contracts_without_sources: [`Root (1:${ROOT})`],
      });
      const before = await computeKpis(store, "2026-09", { config, now: NOW });
      expect(before.metrics.find((m) => m.id === "event_emission_coverage")?.value).toBeNull();
    });

    it("drills to one row per function, those that emit first, then the contract left unanalysed", async () => {
      const { rows } = await drillDown(store, "event_emission_coverage", "2026-10", config);
      expect(rows).toHaveLength(11);
      expect(rows.filter((r) => r.counted)).toHaveLength(9);
      expect(
        rows.slice(9).map((r) => [r.id, r.fields.signature ?? r.fields.name, r.counted, r.note]),
      ).toEqual([
        [`1:${INJECTOR}:0x00f714ce`, "withdraw(uint256,address)", false, "emits no event"],
        [`1:${ROOT}`, "Root", false, "no source or AST to analyse"],
      ]);
      expect(rows.find((r) => r.fields.name === "Lock")?.fields).toMatchObject({
        chain_id: 31337,
        signature: "withdraw()",
        emission: "emits",
        events: "Withdrawal(uint256,uint256)",
        analysis: "ast",
      });
    });
  });
}
