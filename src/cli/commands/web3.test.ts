import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IMPORTER_FIXTURES, runCli } from "../../test-support/cli.ts";

const FIXTURES = join(IMPORTER_FIXTURES, "web3-deployments", "fixtures");
const fn = (name: string, type: string) => ({ type: "function", name, inputs: [{ type }] });
const transfer = (tokenIndexed: boolean) => ({
  type: "event",
  name: "Transfer",
  inputs: [
    { type: "address", indexed: true },
    { type: "address", indexed: true },
    { type: "uint256", indexed: tokenIndexed },
  ],
});

/*
 * The registry: ENS's mainnet folder (24 contracts) and the stealth-address Foundry broadcast
 * (5 contracts on chains 1, 10, 11155111), each its own feed → 29 entries. Their ABIs: the three
 * ENS event name clashes (NameRegistered, NameRenewed, Transfer; see domains/web3/pack.test.ts).
 * The monitors: the oz-monitor fixture, whose "ENS registry ownership changes" watches ENSRegistry.
 */
describe("secmetrics web3", () => {
  let dir: string;
  let db: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "secmetrics-web3-cli-"));
    db = join(dir, "store.db");
    for (const feed of ["ens", "stealth"])
      expect((await runCli(db, "import", "--no-progress", "--feed", feed, join(FIXTURES, feed))).code).toBe(
        0,
      );
    const monitors = join(IMPORTER_FIXTURES, "oz-monitor", "fixtures", "ens");
    expect((await runCli(db, "import", "--no-progress", monitors)).code).toBe(0);
    writeFileSync(join(dir, "Token.json"), JSON.stringify({ abi: [fn("burn", "uint256"), transfer(false)] }));
    writeFileSync(
      join(dir, "Oddity.json"),
      JSON.stringify([fn("collate_propagate_storage", "bytes16"), fn("gasprice_bit_ether", "int128")]),
    );
    writeFileSync(
      join(dir, "Nft.json"),
      JSON.stringify({ contractName: "Nft", abi: [fn("transferFrom", "address"), transfer(true)] }),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("records an unchanged registry folder again at another --scanned-at, and only once at the same", async () => {
    const store = join(dir, "snapshots.db");
    const ens = join(FIXTURES, "ens");
    const at = (instant: string) => runCli(store, "import", "--no-progress", "--scanned-at", instant, ens);
    expect((await at("2026-09-30T23:00:00Z")).code).toBe(0);
    expect((await at("2026-10-31T23:00:00Z")).stdout).toContain("import #2");
    expect((await at("2026-10-31T23:00:00Z")).stdout).toContain("already imported as import #2");
  });

  it("prints the registry as JSON and CSV, one entry per (chain, address)", async () => {
    const listed = await runCli(db, "web3", "registry");
    expect(listed.code).toBe(0);
    const registry = JSON.parse(listed.stdout);
    expect(registry).toHaveLength(29);
    expect(registry[0]).toMatchObject({
      chain_id: 1,
      address: "0x00000000000c2e074ec69a0dfb2997ba6c7d2e1e",
      name: "ENSRegistry",
      source: "hardhat-deploy",
      monitored_by: ["ENS registry ownership changes"],
    });
    const csv = (await runCli(db, "web3", "registry", "--format", "csv")).stdout.trimEnd().split("\n");
    expect(csv[0]).toBe(
      "chain_id,address,name,version,role,implementation,deployed_at,block_number,source,source_file,abi,monitored_by",
    );
    expect(csv[1]?.endsWith(",ENS registry ownership changes")).toBe(true);
    expect(csv).toHaveLength(30);
  });

  it("checks the registry: three name clashes fail the check, not when only errors fail it", async () => {
    const checked = await runCli(db, "web3", "check", "--registry", "--format", "json");
    expect(checked.code).toBe(1);
    const { findings } = JSON.parse(checked.stdout);
    expect(findings.map((f: { rule: string; key: string }) => `${f.rule} ${f.key}`)).toEqual([
      "name-clash event NameRegistered",
      "name-clash event NameRenewed",
      "name-clash event Transfer",
    ]);
    expect((await runCli(db, "web3", "check", "--registry", "--fail-on", "error")).code).toBe(0);
  });

  it("checks ABI files as SARIF 2.1.0: the known selector collisions and the Transfer indexed mismatch", async () => {
    // transferFrom(address) is not transferFrom(address,address,uint256): no collision with gasprice_bit_ether.
    const checked = await runCli(db, "web3", "check", "--format", "sarif", dir);
    expect(checked.code).toBe(1);
    const sarif = JSON.parse(checked.stdout);
    expect(sarif.version).toBe("2.1.0");
    const results = sarif.runs[0].results;
    expect(results.map((r: { ruleId: string; level: string }) => [r.ruleId, r.level])).toEqual([
      ["selector-collision", "error"],
      ["indexed-mismatch", "warning"],
    ]);
    expect(results[0].message.text).toBe(
      "selector 0x42966c68 is shared by burn(uint256), collate_propagate_storage(bytes16)",
    );
    expect(results[0].locations[0].physicalLocation.artifactLocation.uri).toMatch(/Token\.json$/);
    expect(results[1].partialFingerprints).toEqual({
      "interfaceFinding/v1": "indexed-mismatch:Transfer(address,address,uint256)",
    });
  });

  it("refuses to check nothing", async () => {
    const nothing = await runCli(db, "web3", "check");
    expect(nothing.code).toBe(64);
    expect(nothing.stderr).toContain("nothing to check");
  });
});
