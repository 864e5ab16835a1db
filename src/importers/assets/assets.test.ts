import { createReadStream } from "node:fs";
import type { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { ManagedAsset } from "../../domains/assets/records.ts";
import type { Importer, RecordItem } from "../importer.ts";
import { assetsCsv, assetsJson } from "./assets.ts";

const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));

async function parse(importer: Importer<RecordItem<ManagedAsset>>, input: Readable, scannedAt?: number) {
  const items: RecordItem<ManagedAsset>[] = [];
  for await (const item of importer.parse(input, { timezone: "UTC", file: "inventory", scannedAt }))
    items.push(item);
  return {
    records: items.flatMap((item) => ("record" in item ? [item.record] : [])),
    problems: items.flatMap((item) => ("problem" in item ? [item] : [])),
  };
}

describe("managed inventory, CSV (hand-made inventory.csv)", () => {
  it("reads the 7 valid rows of 9, IPs split on ';', other columns kept as attributes", async () => {
    const { records } = await parse(assetsCsv, createReadStream(fixture("inventory.csv")));
    expect(records.map((r) => [r.asset_id, r.hostname, r.ips])).toEqual([
      ["CMDB-0101", "web-1.northwind.example", ["10.40.1.11"]],
      ["CMDB-0102", "web-2.northwind.example.", ["10.40.1.12", "2001:DB8:40:1::12"]],
      ["CMDB-0103", "DB-1.northwind.example", ["10.40.2.21"]],
      ["CMDB-0104", "nw-bastion-01", ["10.40.0.10"]],
      ["CMDB-0120", null, []],
      ["CMDB-0130", "build-01.ci.northwind.example", ["10.50.0.5"]],
      ["CMDB-0199", "legacy-ftp.northwind.example", ["10.40.9.9"]],
    ]);
    expect(records[4]).toEqual({
      kind: "managed_asset",
      feed: "assets",
      external_id: "CMDB-0120",
      snapshot_at: Date.parse("2026-09-30T23:00:00Z"),
      asset_id: "CMDB-0120",
      hostname: null,
      ips: [],
      aliases: ["registry.northwind.example/payments-api", "payments-api"],
      asset_type: "service",
      owner: "payments-team",
      tier: "tier-1",
      environment: "production",
      attributes: {},
    });
    expect(records[0]?.attributes).toEqual({ location: "eu-west-1a" });
  });

  it("refuses a row with an IP that is not one and a row without asset_id, naming their lines", async () => {
    const { problems } = await parse(assetsCsv, createReadStream(fixture("inventory.csv")));
    expect(problems.map((p) => p.line)).toEqual([9, 10]);
    expect(problems[0]?.problem).toMatch(/"10.40.300.1" is not an IP address/);
    expect(problems[1]?.problem).toMatch(/asset_id/);
  });
});

describe("managed inventory, JSON (hand-made inventory.json)", () => {
  it("reads 4 assets, ip as a list or one address, at --scanned-at when the file has no snapshot_at", async () => {
    const at = Date.parse("2026-08-31T23:00:00Z");
    const { records, problems } = await parse(assetsJson, createReadStream(fixture("inventory.json")), at);
    expect(problems).toEqual([]);
    expect(records.map((r) => [r.asset_id, r.ips, r.snapshot_at])).toEqual([
      ["CMDB-0101", ["10.40.1.11"], at],
      ["CMDB-0102", ["10.40.1.12", "2001:db8:40:1::12"], at],
      ["CMDB-0104", ["10.40.0.10"], at],
      ["CMDB-0120", [], at],
    ]);
    expect(records[2]?.attributes).toEqual({ cost_center: "4410" });
  });

  it("is detected by asset_id beside hostname or ip, in CSV and JSON", () => {
    expect(assetsCsv.detect({ name: "a.csv", head: "asset_id,hostname,owner\n" })).toBe(true);
    expect(assetsCsv.detect({ name: "a.csv", head: "asset_id,owner\n" })).toBe(false);
    expect(assetsJson.detect({ name: "a.json", head: '[{"asset_id": "A", "ip": "10.0.0.1"}]' })).toBe(true);
  });
});
