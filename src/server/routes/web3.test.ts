import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importFile } from "../../app/import-file.ts";
import { directorySource } from "../../importers/file-source.ts";
import type { IterationReport } from "../../report/model.ts";
import { ENGINES } from "../../test-support/engines.ts";
import {
  Browser,
  serverForSuite,
  TEST_NOW,
  TEST_PERIOD,
  type TestServer,
} from "../../test-support/server.ts";
import { web3RegistryResponse } from "../web3-schemas.ts";

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

const ENS = fileURLToPath(new URL("../../importers/web3-deployments/fixtures/ens", import.meta.url));
/** A deployment file's name is the contract's: what a hostile pull request can put in a registry folder. */
const HOSTILE_NAME = "<img src=x onerror=alert(1)>";
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

/*
 * The store: the test server's incidents and alerts, and two snapshots of ENS's hardhat-deploy
 * mainnet folder (web3-deployments/fixtures/ens: 24 deployment files, chain 1, every one with an
 * ABI, no anonymous event — `ls *.json | wc -l`, `jq '.abi | length'` on each):
 *   2026-08-15: the fixture as it is;
 *   2026-09-15: without Root.json (0xab52…5897), with a hand-made ERC-20 token (TOKEN, an ERC-20
 *     Transfer whose value is not indexed) in a file named HOSTILE_NAME.json.
 * So, by hand:
 *   2026-07: no registry before its end.
 *   2026-08: 24 contracts, all new (no snapshot before the period), none removed; collisions 3, the
 *     event names with no signature in common (see web3/pack.test.ts): NameRegistered, NameRenewed
 *     (ETHRegistrarController vs BaseRegistrarImplementation), Transfer (ENSRegistry's
 *     Transfer(bytes32,address) vs BaseRegistrarImplementation's ERC-721 one).
 *   2026-09: 24 − Root + the token = 24 contracts, 1 new (the token), 1 removed (Root); 24 ABIs
 *     checked, collisions 4: the three name clashes, and the token's Transfer(address,address,uint256)
 *     indexed [true,true,false] against BaseRegistrarImplementation's [true,true,true]
 *     (`grep -l '"Transfer"' *.json` and jq over their inputs: no other contract declares it).
 *     The check lists selector and topic collisions, then indexed mismatches, then name clashes by
 *     key: indexed-mismatch, then name-clash "event NameRegistered", "event NameRenewed",
 *     "event Transfer".
 */
for (const engine of ENGINES) {
  describe(`the web3 registry page on ${engine.name}`, () => {
    let server: TestServer;
    let root: string;
    serverForSuite((built) => {
      server = built;
    }, engine);

    beforeAll(async () => {
      root = mkdtempSync(join(tmpdir(), "secmetrics-web3-page-"));
      const later = join(root, "ens");
      cpSync(ENS, later, { recursive: true });
      rmSync(join(later, "deployments/mainnet/Root.json"));
      writeFileSync(
        join(later, `deployments/mainnet/${HOSTILE_NAME}.json`),
        JSON.stringify({ address: TOKEN, abi: [ERC20_TRANSFER] }),
      );
      for (const [path, scannedAt] of [
        [ENS, "2026-08-15T00:00:00Z"],
        [later, "2026-09-15T00:00:00Z"],
      ] as const) {
        const outcome = await importFile(server.store, {
          source: directorySource(path),
          options: { timezone: "UTC", scannedAt: Date.parse(scannedAt) },
          now: TEST_NOW,
        });
        expect(outcome.status, path).toBe("imported");
      }
    });
    afterAll(() => rmSync(root, { recursive: true, force: true }));

    const api = async (query: string, token = server.tokens.viewer) =>
      server.app.request(`/api/v1/web3/registry${query}`, { headers: bearer(token) });
    const registry = async (period: string) =>
      web3RegistryResponse.parse(await (await api(`?period=${period}`)).json());

    it("lists the registry at the period end by chain, what the period added and removed, and its collisions", async () => {
      const response = await api(`?period=${TEST_PERIOD}`);
      expect(response.status).toBe(200);
      const body = await response.json();
      // What the OpenAPI document promises, no field more or less.
      expect(web3RegistryResponse.parse(body)).toEqual(body);
      const { period, contracts, new_deployments, removed, chains, check } = web3RegistryResponse.parse(body);
      expect(period).toEqual({
        id: "2026-09",
        start: "2026-09-01T00:00:00.000Z",
        end: "2026-10-01T00:00:00.000Z",
      });
      expect([contracts, new_deployments, removed]).toEqual([24, 1, 1]);
      expect(chains.map((chain) => [chain.chain_id, chain.contracts.length])).toEqual([[1, 24]]);
      const mainnet = chains[0];
      expect(mainnet?.contracts.filter((c) => c.new).map((c) => [c.name, c.address])).toEqual([
        [HOSTILE_NAME, TOKEN],
      ]);
      expect(mainnet?.contracts.find((c) => c.address === TOKEN)).toEqual({
        chain_id: 1,
        address: TOKEN,
        name: HOSTILE_NAME,
        version: null,
        role: "contract",
        implementation: null,
        deployed_at: null,
        block_number: null,
        source: "hardhat-deploy",
        source_file: `deployments/mainnet/${HOSTILE_NAME}.json`,
        abi: [ERC20_TRANSFER],
        monitored_by: [],
        new: true,
      });
      expect(mainnet?.removed.map((c) => [c.name, c.address, c.source_file])).toEqual([
        ["Root", ROOT, "deployments/mainnet/Root.json"],
      ]);
      // By address, as `web3 registry` lists them.
      const addresses = mainnet?.contracts.map((c) => c.address) ?? [];
      expect(addresses).toEqual([...addresses].sort());

      expect([check.contracts_checked, check.collisions, check.unreadable]).toEqual([24, 4, []]);
      expect(check.findings.map((f) => [f.rule, f.key])).toEqual([
        ["indexed-mismatch", "Transfer(address,address,uint256)"],
        ["name-clash", "event NameRegistered"],
        ["name-clash", "event NameRenewed"],
        ["name-clash", "event Transfer"],
      ]);
      expect(check.findings[0]?.members.map((m) => [m.indexed, m.contracts.map((c) => c.contract)])).toEqual([
        [[true, true, false], [HOSTILE_NAME]],
        [[true, true, true], ["BaseRegistrarImplementation"]],
      ]);
    });

    it("counts every contract new in the registry's first period, and nothing before it", async () => {
      const august = await registry("2026-08");
      expect([august.contracts, august.new_deployments, august.removed, august.check.collisions]).toEqual([
        24, 24, 0, 3,
      ]);
      expect(august.chains[0]?.contracts.every((c) => c.new)).toBe(true);
      const july = await registry("2026-07");
      expect([july.contracts, july.chains, july.check.contracts_checked, july.check.findings]).toEqual([
        0,
        [],
        0,
        [],
      ]);
    });

    it("gives the same figures as the new_deployments and interface_collisions metrics", async () => {
      const response = await server.app.request(`/api/v1/kpis?period=${TEST_PERIOD}`, {
        headers: bearer(server.tokens.viewer),
      });
      const { metrics } = (await response.json()) as { metrics: { id: string; value: number | null }[] };
      const value = (id: string) => metrics.find((m) => m.id === id)?.value;
      expect([value("new_deployments"), value("interface_collisions")]).toEqual([1, 4]);
    });

    it("puts the period's new contract and collisions in the iteration report", async () => {
      const response = await server.app.request(`/api/v1/reports/iteration?period=${TEST_PERIOD}`, {
        headers: { ...bearer(server.tokens.viewer), accept: "application/json" },
      });
      const report = (await response.json()) as IterationReport;
      const section = report.smart_contracts;
      expect(section?.new_deployments.rows.map((row) => [row.chain_id, row.name, row.address])).toEqual([
        [1, HOSTILE_NAME, TOKEN],
      ]);
      expect(section?.collisions.rows.map((row) => [row.rule, row.key])).toEqual([
        ["indexed-mismatch", "Transfer(address,address,uint256)"],
        ["name-clash", "event NameRegistered"],
        ["name-clash", "event NameRenewed"],
        ["name-clash", "event Transfer"],
      ]);
      const july = await server.app.request("/api/v1/reports/iteration?period=2026-07", {
        headers: { ...bearer(server.tokens.viewer), accept: "application/json" },
      });
      expect(((await july.json()) as IterationReport).smart_contracts).toBeNull();
    });

    it("asks for a token and refuses a bad period", async () => {
      expect((await server.app.request("/api/v1/web3/registry")).status).toBe(401);
      expect((await api("?period=2026-13")).status).toBe(400);
    });

    it("shows the page to a viewer, every name escaped, linked from the navigation and the metrics", async () => {
      const viewer = new Browser(server.app);
      await viewer.login("viewer");
      // No period asked: the dashboard's, September (the last complete month).
      const page = await viewer.page("/web3");
      expect(page.status).toBe(200);
      expect(page.html).toContain("<h1>Smart contracts — 2026-09</h1>");
      expect(page.html).toContain('<a href="/web3?period=2026-09" aria-current="page">Smart contracts</a>');
      expect(page.html).toContain("24 contracts on 1 chain · 1 new · 1 removed");
      expect(page.html).toContain("<caption>Contracts on chain 1 at the end of 2026-09: 24, 1 new</caption>");
      expect(page.html).toContain(
        "<caption>Removed from chain 1 in 2026-09: 1, as they were at the period start",
      );
      expect(page.html).toContain(`<span class="mono">${ROOT}</span>`);
      expect(page.html).toContain("&lt;img src=x onerror=alert(1)&gt;");
      expect(page.html).not.toContain(HOSTILE_NAME);
      expect(page.html).toContain("24 ABIs checked: 4 collisions (errors and warnings, counted), 0 notes");
      expect(page.html).toContain('<td class="mono">Transfer(address,address,uint256)</td>');
      expect(page.html).not.toContain("<script");

      const july = await viewer.page("/web3?period=2026-07");
      expect(july.html).toContain("No deployments registry before the end of 2026-07");

      const metric = await viewer.page(`/metrics/interface_collisions?period=${TEST_PERIOD}`);
      expect(metric.html).toContain(
        '<a href="/web3?period=2026-09">Deployments registry and its collisions</a>',
      );
      const overview = await viewer.page(`/?period=${TEST_PERIOD}`);
      expect(overview.html).toContain('<a href="/web3?period=2026-09">Smart contracts</a>');
    });

    it("documents the API in the OpenAPI document", async () => {
      const response = await server.app.request("/api/v1/openapi.json", {
        headers: bearer(server.tokens.viewer),
      });
      const doc = (await response.json()) as {
        paths: Record<string, Record<string, { parameters: { name: string }[] }>>;
        components: { schemas: Record<string, unknown> };
      };
      expect(doc.paths["/api/v1/web3/registry"]?.get?.parameters.map((p) => p.name)).toEqual(["period"]);
      expect(doc.components.schemas).toHaveProperty("Web3Registry");
    });
  });
}
