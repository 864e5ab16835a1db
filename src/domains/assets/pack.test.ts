import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeKpis } from "../../app/compute-kpis.ts";
import { drillDown } from "../../app/drill-down.ts";
import { importFile } from "../../app/import-file.ts";
import { parseConfig } from "../../config/load.ts";
import { bufferSource } from "../../importers/file-source.ts";
import type { StorableRecord } from "../../model/records.ts";
import type { Store } from "../../store/store.ts";
import { createTestStore, ENGINES } from "../../test-support/engines.ts";
import { buildAuthEvent, buildCheckResult, buildDeployment } from "../../test-support/records.ts";
import type { AssetSighting } from "./records.ts";

/*
 * Inventory: src/importers/assets/fixtures/inventory.csv at 2026-09-30 23:00Z, its 7 valid rows:
 *   CMDB-0101 web-1.northwind.example 10.40.1.11 · CMDB-0102 web-2.northwind.example. 10.40.1.12, 2001:db8:40:1::12
 *   CMDB-0103 DB-1.northwind.example · CMDB-0104 nw-bastion-01 10.40.0.10
 *   CMDB-0120 aliases registry.northwind.example/payments-api, payments-api · CMDB-0130 · CMDB-0199.
 * Seen in 2026-09 (UTC), by hand:
 *   nmap (src/importers/nmap/fixtures/edge-hosts.xml, 09-14): 10.40.0.10 and 2001:DB8:40::A share the name
 *     nw-bastion-01.northwind.example(.): one asset, CMDB-0104 by its IP; 10.40.0.13 printer-3f: SHADOW.
 *   log hosts: web-1 (3 lines: the short name of web-1.northwind.example, CMDB-0101), nw-bastion-01 (CMDB-0104),
 *     WEB-3.northwind.example. (2 lines, 09-20 and 09-21): SHADOW; a line without host: nothing.
 *   check results: db-1.northwind.example (CMDB-0103, case), 10.40.1.12 (CMDB-0102 by IP).
 *   deployments: payments-api (CMDB-0120's alias), fraud-scoring: SHADOW.
 *   trivy scan of registry.northwind.example/payments-api:main: without its tag, CMDB-0120's alias.
 *   driftctl: aws_s3_bucket northwind-tmp-exports (09-05): SHADOW.
 *   Observations that match the same inventory asset are one asset: the nmap bastion and the log host
 *   nw-bastion-01 (CMDB-0104); the payments-api deployment and its image (CMDB-0120).
 *   → observed 9 assets (5 in the inventory), shadow 4: one each by nmap, log host, deployment, driftctl.
 * 2026-08: a driftctl sighting on 08-20, no inventory before 09-01: no value, the reason names the importers.
 * 2026-10: only a log line of old-host (10-02), and no inventory or sighting after 09-30: stale.
 */
const NOW = Date.parse("2026-11-20T12:00:00Z");
const day = (date: string) => Date.parse(`${date}T12:00:00Z`);

const TRIVY_SCAN = JSON.stringify({
  SchemaVersion: 2,
  CreatedAt: "2026-09-07T04:00:00Z",
  ArtifactName: "registry.northwind.example/payments-api:main",
  ArtifactType: "container_image",
  Results: [],
});

function bucket(id: string, at: number): AssetSighting {
  return {
    kind: "asset_sighting",
    feed: "driftctl",
    external_id: `${at}|aws_s3_bucket|${id}`,
    seen_at: at,
    asset: id,
    asset_type: "aws_s3_bucket",
    hostnames: [],
    ips: [],
  };
}

const OTHER_RECORDS: StorableRecord[] = [
  ...[1, 2, 3].map((n) =>
    buildAuthEvent({
      external_id: `web-1-${n}`,
      at: day(`2026-09-0${n}`),
      outcome: "success",
      host: "web-1",
    }),
  ),
  buildAuthEvent({
    external_id: "bastion",
    at: day("2026-09-10"),
    outcome: "failure",
    host: "nw-bastion-01",
  }),
  buildAuthEvent({
    external_id: "web-3-1",
    at: day("2026-09-20"),
    outcome: "failure",
    host: "WEB-3.northwind.example.",
  }),
  buildAuthEvent({
    external_id: "web-3-2",
    at: day("2026-09-21"),
    outcome: "failure",
    host: "WEB-3.northwind.example.",
  }),
  buildAuthEvent({ external_id: "no-host", at: day("2026-09-22"), outcome: "failure", host: null }),
  buildAuthEvent({ external_id: "old-host", at: day("2026-10-02"), outcome: "failure", host: "old-host" }),
  buildCheckResult({
    asset: "db-1.northwind.example",
    check_id: "c1",
    result: "pass",
    checked_at: day("2026-09-05"),
  }),
  buildCheckResult({ asset: "10.40.1.12", check_id: "c1", result: "fail", checked_at: day("2026-09-05") }),
  buildDeployment({ external_id: "d1", service: "payments-api", started_at: day("2026-09-08") }),
  buildDeployment({ external_id: "d2", service: "fraud-scoring", started_at: day("2026-09-09") }),
  bucket("northwind-tmp-exports", day("2026-09-05")),
  bucket("northwind-old-logs", day("2026-08-20")),
];

async function load(store: Store, records: StorableRecord[]): Promise<void> {
  await store.importRecords(
    { format: "test", feed: "test", file_name: "records", sha256: "records", imported_at: NOW },
    async (writer) => {
      for (const [index, record] of records.entries()) await writer.write(record, index + 1);
      return { skipped: 0 };
    },
  );
}

async function importFixture(store: Store, name: string, content?: Buffer | string) {
  const path = (folder: string) => new URL(`../../importers/${folder}/fixtures/${name}`, import.meta.url);
  const bytes = content ?? (await readFile(path(name.endsWith(".xml") ? "nmap" : "assets")));
  return importFile(store, {
    source: bufferSource(name, bytes),
    options: { timezone: "UTC" },
    now: NOW,
    skipInvalid: true,
  });
}

for (const engine of ENGINES) {
  describe(`shadow assets on ${engine.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    const config = parseConfig({});
    const metric = async (period: string) =>
      (await computeKpis(store, period, { config, now: NOW })).metrics.find((m) => m.id === "shadow_assets");

    beforeAll(async () => {
      ({ store, dispose } = await createTestStore(engine));
      await load(store, OTHER_RECORDS);
      await importFixture(store, "edge-hosts.xml");
      await importFixture(store, "trivy.json", TRIVY_SCAN);
    });
    afterAll(async () => dispose());

    it("has no value without an inventory, and says which importers bring one", async () => {
      const september = await metric("2026-09");
      expect(september?.value).toBeNull();
      expect(september?.reason).toBe(
        "no managed inventory before the period end: import one (assets-csv, assets-json, terraform-state)",
      );
    });

    it("counts the assets seen in the period that the inventory at its end lacks, by source", async () => {
      await importFixture(store, "inventory.csv");
      const september = await metric("2026-09");
      expect(september?.value).toBe(4);
      expect(september?.details).toEqual({
        by_source: { nmap: 1, "log host": 1, deployment: 1, driftctl: 1 },
        observed: 9,
        inventory: 7,
      });
      expect((await metric("2026-08"))?.reason).toMatch(/no managed inventory before the period end/);
      // The inventory and the sightings end on 09-30: October, judged four weeks after, is stale, not 1.
      expect((await metric("2026-10"))?.status).toBe("stale");
    });

    it("lists the shadow assets first with where they were seen, then the ones the inventory has", async () => {
      const { rows } = await drillDown(store, "shadow_assets", "2026-09", config);
      expect(rows.filter((r) => r.counted).map((r) => [r.id, r.fields.sources, r.fields.sightings])).toEqual([
        ["fraud-scoring", "deployment", 1],
        ["northwind-tmp-exports", "driftctl", 1],
        ["printer-3f", "nmap", 1],
        ["web-3.northwind.example", "log host", 2],
      ]);
      expect(rows.find((r) => r.id === "web-3.northwind.example")?.fields).toMatchObject({
        first_seen_at: "2026-09-20T12:00:00.000Z",
        last_seen_at: "2026-09-21T12:00:00.000Z",
        managed_as: null,
      });
      expect(rows.filter((r) => !r.counted).map((r) => [r.id, r.note])).toEqual([
        ["10.40.1.12", "in the inventory as CMDB-0102"],
        ["db-1.northwind.example", "in the inventory as CMDB-0103"],
        ["nw-bastion-01.northwind.example", "in the inventory as CMDB-0104"],
        ["payments-api", "in the inventory as CMDB-0120"],
        ["web-1", "in the inventory as CMDB-0101"],
      ]);
      expect(rows.find((r) => r.id === "nw-bastion-01.northwind.example")?.fields.sources).toBe(
        "log host, nmap",
      );
      expect(rows.find((r) => r.id === "printer-3f")?.provenance).toMatchObject({
        file_name: "edge-hosts.xml",
        line: 29, // its <host> element
      });
    });
  });
}
