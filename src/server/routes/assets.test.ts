import { readFile } from "node:fs/promises";
import { beforeAll, describe, expect, it } from "vitest";
import { ENGINES } from "../../test-support/engines.ts";
import { Browser, serverForSuite, TEST_PERIOD, type TestServer } from "../../test-support/server.ts";
import { assetInventoryResponse } from "../asset-schemas.ts";

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A host whose PTR record names it with markup: what a hostile DNS zone can make nmap write. */
const HOSTILE_PTR = "<img src=x onerror=alert(1)>";
const HOSTILE_SCAN = `<?xml version="1.0" encoding="UTF-8"?>
<nmaprun scanner="nmap" args="nmap -sn 10.40.0.77" start="1789351200" version="7.94" xmloutputversion="1.05">
<host><status state="up" reason="echo-reply" reason_ttl="63"/>
<address addr="10.40.0.77" addrtype="ipv4"/>
<hostnames>
<hostname name="&lt;img src=x onerror=alert(1)&gt;" type="PTR"/>
</hostnames>
</host>
</nmaprun>
`;

const fixture = (path: string) => readFile(new URL(`../../importers/${path}`, import.meta.url));

/*
 * The store: the test server's incidents and alerts (no asset in them), and
 *   assets/fixtures/inventory.csv, snapshot 2026-09-30T23:00Z, its 7 valid rows (CMDB-0200's IP and the
 *     row without an id are refused): CMDB-0101 web-1 platform-team tier-1 production 10.40.1.11,
 *     CMDB-0102 platform-team tier-1 production, CMDB-0103 data-team tier-1 production,
 *     CMDB-0104 nw-bastion-01 10.40.0.10 secops tier-2 production, CMDB-0120 payments-team tier-1 production,
 *     CMDB-0130 devex tier-3 ci, CMDB-0199 no owner tier-3 production;
 *   nmap/fixtures/edge-hosts.xml (2026-09-14): 10.40.0.10 and 2001:DB8:40::A, both PTR
 *     nw-bastion-01.northwind.example: one asset, CMDB-0104 by its IP; 10.40.0.13 PTR printer-3f: shadow;
 *     a host up with a MAC address only: a row refused (skip_invalid), not seen;
 *   HOSTILE_SCAN (2026-09-14T02:00Z): 10.40.0.77, PTR HOSTILE_PTR: shadow.
 * So 2026-09: 7 managed, 3 seen, 2 shadow (both by nmap); 2026-08: no inventory before its end.
 */
for (const engine of ENGINES) {
  describe(`the asset list on ${engine.name}`, () => {
    let server: TestServer;
    serverForSuite((built) => {
      server = built;
    }, engine);

    beforeAll(async () => {
      const files: [string, Buffer | string, string][] = [
        ["inventory.csv", await fixture("assets/fixtures/inventory.csv"), "&skip_invalid=true"],
        ["edge-hosts.xml", await fixture("nmap/fixtures/edge-hosts.xml"), "&skip_invalid=true"],
        ["hostile.xml", HOSTILE_SCAN, ""],
      ];
      for (const [name, body, options] of files) {
        const response = await server.app.request(`/api/v1/imports?name=${name}${options}`, {
          method: "POST",
          headers: { ...bearer(server.tokens.editor), "content-type": "application/octet-stream" },
          body,
        });
        expect(response.status, name).toBe(201);
      }
    });

    const api = async (query: string, token = server.tokens.viewer) =>
      server.app.request(`/api/v1/assets${query}`, { headers: bearer(token) });

    it("lists the inventory in force at the period end and, apart, the shadow assets with where each was seen", async () => {
      const response = await api(`?period=${TEST_PERIOD}`);
      expect(response.status).toBe(200);
      const body = await response.json();
      // What the OpenAPI document promises, no field more or less.
      expect(assetInventoryResponse.parse(body)).toEqual(body);
      const { period, inventory, shadow } = assetInventoryResponse.parse(body);
      expect(period).toEqual({
        id: "2026-09",
        start: "2026-09-01T00:00:00.000Z",
        end: "2026-10-01T00:00:00.000Z",
      });
      expect(inventory.assets.map((a) => a.asset_id)).toEqual([
        "CMDB-0101",
        "CMDB-0102",
        "CMDB-0103",
        "CMDB-0104",
        "CMDB-0120",
        "CMDB-0130",
        "CMDB-0199",
      ]);
      expect([inventory.total, inventory.matching, inventory.truncated]).toEqual([7, 7, false]);
      expect(inventory.assets[0]).toEqual({
        asset_id: "CMDB-0101",
        hostname: "web-1.northwind.example",
        ips: ["10.40.1.11"],
        aliases: [],
        asset_type: "vm",
        owner: "platform-team",
        tier: "tier-1",
        environment: "production",
        source: {
          feed: "assets",
          file_name: "inventory.csv",
          import_id: expect.any(Number),
          snapshot_at: "2026-09-30T23:00:00.000Z",
        },
        seen_by: [],
      });
      expect(inventory.assets.find((a) => a.asset_id === "CMDB-0104")?.seen_by).toEqual(["nmap"]);
      expect(inventory.owners).toEqual(["data-team", "devex", "payments-team", "platform-team", "secops"]);
      expect(inventory.tiers).toEqual(["tier-1", "tier-2", "tier-3"]);
      expect(inventory.environments).toEqual(["ci", "production"]);

      expect(shadow).toMatchObject({ count: 2, reason: null, by_source: { nmap: 2 }, observed: 3 });
      // By name: "<" sorts before "p".
      expect(shadow.assets).toEqual([
        {
          name: HOSTILE_PTR,
          names: ["10.40.0.77", HOSTILE_PTR],
          asset_types: ["host"],
          sources: ["nmap"],
          sightings: 1,
          // nmaprun start 1789351200 s (no host starttime): `date -u -d @1789351200`, 2026-09-14 02:00:00 UTC.
          first_seen: "2026-09-14T02:00:00.000Z",
          last_seen: "2026-09-14T02:00:00.000Z",
          seen_in: { import_id: expect.any(Number), file_name: "hostile.xml", line: 3 }, // its <host> element
        },
        expect.objectContaining({ name: "printer-3f", names: ["10.40.0.13", "printer-3f"] }),
      ]);
    });

    it("filters the inventory by owner, tier and environment, and not the shadow assets", async () => {
      const ids = async (query: string) => {
        const body = assetInventoryResponse.parse(
          await (await api(`?period=${TEST_PERIOD}&${query}`)).json(),
        );
        return [body.inventory.assets.map((a) => a.asset_id), body.inventory.total, body.shadow.count];
      };
      expect(await ids("owner=platform-team")).toEqual([["CMDB-0101", "CMDB-0102"], 7, 2]);
      expect(await ids("tier=tier-1&environment=production")).toEqual([
        ["CMDB-0101", "CMDB-0102", "CMDB-0103", "CMDB-0120"],
        7,
        2,
      ]);
      expect(await ids("environment=ci&owner=")).toEqual([["CMDB-0130"], 7, 2]);
      const cut = assetInventoryResponse.parse(await (await api(`?period=${TEST_PERIOD}&limit=1`)).json());
      expect([cut.inventory.assets.length, cut.inventory.truncated, cut.shadow.assets.length]).toEqual([
        1,
        true,
        1,
      ]);
    });

    it("has no shadow count before any inventory, and says which importers bring one", async () => {
      const body = assetInventoryResponse.parse(await (await api("?period=2026-08")).json());
      expect(body.inventory.total).toBe(0);
      expect(body.shadow).toMatchObject({
        count: null,
        reason:
          "no managed inventory before the period end: import one (assets-csv, assets-json, terraform-state)",
        assets: [],
      });
    });

    it("asks for a token and refuses bad parameters", async () => {
      expect((await server.app.request("/api/v1/assets")).status).toBe(401);
      expect((await api("?limit=0")).status).toBe(400);
      const badPeriod = await api("?period=2026-13");
      expect(badPeriod.status).toBe(400);
    });

    it("shows the page to a viewer, every name escaped, linked from the navigation and the metric", async () => {
      const viewer = new Browser(server.app);
      await viewer.login("viewer");
      // No period asked: the dashboard's, September (the last complete month, where the data ends).
      const page = await viewer.page("/assets");
      expect(page.status).toBe(200);
      expect(page.html).toContain("<h1>Assets — 2026-09</h1>");
      expect(page.html).toContain('<a href="/assets?period=2026-09" aria-current="page">Assets</a>');
      expect(page.html).toContain("web-1.northwind.example");
      expect(page.html).toContain("&lt;img src=x onerror=alert(1)&gt;");
      expect(page.html).not.toContain(HOSTILE_PTR);
      expect(page.html).toContain("hostile.xml:3");
      expect(page.html).toContain('<option value="platform-team">platform-team</option>');

      const filtered = await viewer.page(`/assets?period=${TEST_PERIOD}&owner=platform-team`);
      expect(filtered.html).toContain("2 of 7 assets");
      expect(filtered.html).toContain('<option value="platform-team" selected>');
      expect(filtered.html).toContain("CMDB-0102");
      expect(filtered.html).not.toContain("CMDB-0103");
      // The shadow list does not depend on the filter.
      expect(filtered.html).toContain("printer-3f");

      const august = await viewer.page("/assets?period=2026-08");
      expect(august.html).toContain("No managed inventory before the end of 2026-08");
      expect(august.html).toContain("no managed inventory before the period end");

      const metric = await viewer.page(`/metrics/shadow_assets?period=${TEST_PERIOD}`);
      expect(metric.html).toContain('<a href="/assets?period=2026-09">Asset inventory and shadow assets</a>');
      const overview = await viewer.page(`/?period=${TEST_PERIOD}`);
      expect(overview.html).toContain('<a href="/assets?period=2026-09">Assets</a>');
    });

    it("documents the API in the OpenAPI document", async () => {
      const response = await server.app.request("/api/v1/openapi.json", {
        headers: bearer(server.tokens.viewer),
      });
      const doc = (await response.json()) as {
        paths: Record<string, Record<string, { parameters: { name: string }[] }>>;
        components: { schemas: Record<string, unknown> };
      };
      expect(doc.paths["/api/v1/assets"]?.get?.parameters.map((p) => p.name)).toEqual([
        "period",
        "owner",
        "tier",
        "environment",
        "limit",
      ]);
      expect(doc.components.schemas).toHaveProperty("AssetInventory");
    });
  });
}
