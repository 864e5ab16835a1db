import { describe, expect, it } from "vitest";
import { buildManagedAsset } from "../../test-support/records.ts";
import { InventoryIndex, type Observation, observedAssets, shadowAssets } from "./compute.ts";
import { normalizeName, scanTargetName } from "./names.ts";

function seen(source: string, name: string, fields: Partial<Observation> = {}): Observation {
  return {
    source,
    name,
    asset_type: null,
    hostnames: [],
    ips: [],
    sightings: 1,
    first_seen: 10,
    last_seen: 10,
    import_id: 1,
    line: 1,
    ...fields,
  };
}

describe("asset names", () => {
  it.each([
    ["Web-1.Example.COM.", "web-1.example.com"],
    ["  db-1  ", "db-1"],
    ["2001:DB8:0:0:0:0:0:1", "2001:db8::1"],
    ["[2001:db8::0:1]", "2001:db8::1"],
    ["10.0.0.1", "10.0.0.1"],
    ["arn:aws:s3:::Bucket", "arn:aws:s3:::bucket"],
    ["   ", null],
  ])("%s is compared as %s", (name, normal) => {
    expect(normalizeName(name)).toBe(normal);
  });

  it.each([
    ["https://portal.example.com:8443/login", "portal.example.com"],
    ["registry.example/api:1.2", "registry.example/api"],
    ["registry.example:5000/api@sha256:abc123", "registry.example:5000/api"],
    ["app/pom.xml", "app/pom.xml"],
    ["web-1", "web-1"],
  ])("the scan target %s names %s", (target, name) => {
    expect(scanTargetName(target)).toBe(name);
  });
});

describe("matching against the inventory", () => {
  const index = new InventoryIndex([
    buildManagedAsset("A1", { hostname: "web-1.prod.example", ips: ["10.0.0.1", "2001:db8::1"] }),
    buildManagedAsset("A2", { hostname: "bastion" }),
    buildManagedAsset("A3", { aliases: ["i-0abc", "arn:aws:ec2:eu-west-1:1:instance/i-0abc"] }),
  ]);

  it.each([
    ["10.0.0.1", "A1"],
    ["2001:db8::1", "A1"],
    ["web-1.prod.example", "A1"],
    // a short name matches the first label of an inventory FQDN, and an FQDN an inventory short name
    ["web-1", "A1"],
    ["bastion.prod.example", "A2"],
    ["bastion", "A2"],
    ["i-0abc", "A3"],
    ["arn:aws:ec2:eu-west-1:1:instance/i-0abc", "A3"],
    // another FQDN of the same first label is not matched through it: only short ↔ FQDN
    ["web-1.staging.example", null],
    ["10.0.0.2", null],
    ["web", null],
  ])("%s → %s", (name, asset) => {
    expect(index.match(name)).toBe(asset);
  });
});

describe("observed assets and shadow_assets", () => {
  const index = new InventoryIndex([
    buildManagedAsset("A1", { hostname: "web-1.prod.example", ips: ["10.0.0.1"] }),
  ]);

  it("joins observations that share a normalised name, and counts a shadow asset once per source", () => {
    const observed = observedAssets(
      [
        // an nmap host and a log host of its PTR name: one asset; 10.0.0.9 matches nothing.
        seen("nmap", "10.0.0.9", { hostnames: ["Printer.prod.example."], ips: ["10.0.0.9"], last_seen: 20 }),
        seen("log host", "printer.prod.example", { sightings: 5, first_seen: 5, last_seen: 15 }),
        seen("log host", "web-1", { sightings: 7 }),
        seen("driftctl", "bucket-x", { asset_type: "aws_s3_bucket" }),
      ],
      index,
    );
    expect(
      observed.map((a) => [a.name, a.sources, a.sightings, a.first_seen, a.last_seen, a.managed_as]),
    ).toEqual([
      ["printer.prod.example", ["log host", "nmap"], 6, 5, 20, null],
      ["web-1", ["log host"], 7, 10, 10, "A1"],
      ["bucket-x", ["driftctl"], 1, 10, 10, null],
    ]);
    // 2 shadow: the printer (nmap and log host) and the bucket (driftctl).
    expect(shadowAssets(observed, 1).shadow_assets).toMatchObject({
      value: 2,
      details: { by_source: { "log host": 1, nmap: 1, driftctl: 1 }, observed: 3, inventory: 1 },
    });
  });

  it("has no value without an inventory, whatever was seen", () => {
    expect(
      shadowAssets(observedAssets([seen("nmap", "10.0.0.9")], new InventoryIndex([])), 0).shadow_assets,
    ).toMatchObject({
      value: null,
      reason: expect.stringMatching(/assets-csv, assets-json, terraform-state/),
    });
  });
});
