/**
 * Northwind Payments' managed inventory and network scans for the demo: the
 * CMDB export on each month's last day at 23:00 UTC (`assets-2026-MM.csv`,
 * like the other inventories) and an nmap ping scan of the server subnets on
 * the 14th at 02:00 UTC (`nmap-2026-MM-14.xml`), January to October. No
 * randomness: the figures follow from the tables below.
 *
 * The storyline: a QA box built by hand (qa-tmp-01) answers the scans from
 * May and is only registered in the August export; a contractor's NAS with
 * no DNS name turns up in September and is still there in October, when a
 * database restore test (db-2-restore) is left running as well. The
 * statements-batch service is decommissioned after its last scan in early
 * September and leaves the inventory in October.
 */
import type { DemoFile } from "./demo-operations.ts";
import { PROWLER_RESOURCES } from "./demo-prowler.ts";

const YEAR = 2026;
const MONTHS = 10;
const HOUR = 3_600_000;

interface DemoAsset {
  id: string;
  hostname?: string;
  ip?: string;
  /** Other names: a service's image repository. */
  aliases?: string;
  type: "vm" | "service" | "storage" | "cloud";
  owner: string;
  tier: string;
  /** Months (1–12) it is in the inventory; every month when absent. */
  listed?: readonly number[];
}

const REGISTRY = "registry.northwind.example";
const service = (name: string, owner: string, tier: string, listed?: readonly number[]): DemoAsset => ({
  id: `svc-${name}`,
  // Its image, its name, and its GitHub repository (as GitHub's deployments name the service).
  aliases: `${REGISTRY}/${name};${name};northwind/${name}`,
  type: "service",
  owner,
  tier,
  ...(listed ? { listed } : {}),
});
const months = (first: number, last: number) => Array.from({ length: last - first + 1 }, (_, i) => first + i);

const INVENTORY: readonly DemoAsset[] = [
  {
    id: "CMDB-0104",
    hostname: "nw-bastion-01",
    ip: "10.40.0.10",
    type: "vm",
    owner: "secops",
    tier: "tier-2",
  },
  {
    id: "CMDB-0101",
    hostname: "web-1.northwind.example",
    ip: "10.40.1.11",
    type: "vm",
    owner: "platform",
    tier: "tier-1",
  },
  {
    id: "CMDB-0102",
    hostname: "web-2.northwind.example",
    ip: "10.40.1.12",
    type: "vm",
    owner: "platform",
    tier: "tier-1",
  },
  {
    id: "CMDB-0103",
    hostname: "db-1.northwind.example",
    ip: "10.40.2.21",
    type: "vm",
    owner: "data",
    tier: "tier-1",
  },
  {
    id: "CMDB-0140",
    hostname: "qa-tmp-01.northwind.example",
    ip: "10.40.3.50",
    type: "vm",
    owner: "qa",
    tier: "tier-3",
    listed: months(8, 12),
  },
  // The AWS account's resources Prowler checks (scripts/demo-prowler.ts), managed by Terraform.
  ...PROWLER_RESOURCES.map(
    (arn): DemoAsset => ({ id: arn, type: "cloud", owner: "platform", tier: "tier-1" }),
  ),
  service("payments-api", "payments", "tier-1"),
  service("merchant-portal", "merchant", "tier-1"),
  service("ledger", "payments", "tier-1"),
  service("fraud-scoring", "risk", "tier-2"),
  service("statements-batch", "payments", "tier-3", months(1, 9)),
];

interface ScannedHost {
  ip: string;
  /** The PTR name nmap resolves, if any. */
  ptr?: string;
  /** Months (1–12) it answers the scan; every month when absent. */
  up?: readonly number[];
}

const HOSTS: readonly ScannedHost[] = [
  { ip: "10.40.0.10", ptr: "nw-bastion-01.northwind.example" },
  { ip: "10.40.1.11", ptr: "web-1.northwind.example" },
  { ip: "10.40.1.12", ptr: "web-2.northwind.example" },
  { ip: "10.40.2.21", ptr: "db-1.northwind.example" },
  { ip: "10.40.2.99", ptr: "db-2-restore.northwind.example", up: [10] },
  { ip: "10.40.3.50", ptr: "qa-tmp-01.northwind.example", up: months(5, 10) },
  { ip: "10.40.3.77", up: [9, 10] },
];

const mm = (month: number) => String(month).padStart(2, "0");
const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");

/** The CMDB export on the last day of each month at 23:00 UTC, as `assets-2026-MM.csv`. */
export function assetInventories(): DemoFile[] {
  const files: DemoFile[] = [];
  for (let month = 1; month <= MONTHS; month++) {
    const snapshot = isoSeconds(Date.UTC(YEAR, month, 1) - HOUR);
    const rows = INVENTORY.filter((asset) => asset.listed?.includes(month) ?? true).map((asset) =>
      [
        asset.id,
        asset.hostname ?? "",
        asset.ip ?? "",
        asset.aliases ?? "",
        asset.type,
        asset.owner,
        asset.tier,
        "production",
        snapshot,
      ].join(","),
    );
    const header = "asset_id,hostname,ip,aliases,type,owner,tier,environment,snapshot_at";
    files.push({ name: `assets-${YEAR}-${mm(month)}.csv`, text: `${[header, ...rows].join("\n")}\n` });
  }
  return files;
}

/** nmap's XML of a ping scan of 10.40.0.0/22 on the 14th of each month at 02:00 UTC, as `nmap-2026-MM-14.xml`. */
export function nmapScans(): DemoFile[] {
  const files: DemoFile[] = [];
  for (let month = 1; month <= MONTHS; month++) {
    const start = Date.UTC(YEAR, month - 1, 14, 2) / 1000;
    const up = HOSTS.filter((host) => host.up?.includes(month) ?? true);
    const hosts = up.flatMap((host, index) => [
      `<host starttime="${start + index + 1}" endtime="${start + index + 2}"><status state="up" reason="echo-reply" reason_ttl="63"/>`,
      `<address addr="${host.ip}" addrtype="ipv4"/>`,
      "<hostnames>",
      ...(host.ptr ? [`<hostname name="${host.ptr}" type="PTR"/>`] : []),
      "</hostnames>",
      "</host>",
    ]);
    const text = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      "<!DOCTYPE nmaprun>",
      `<nmaprun scanner="nmap" args="nmap -sn -oX - 10.40.0.0/22" start="${start}" version="7.94" xmloutputversion="1.05">`,
      ...hosts,
      `<runstats><finished time="${start + 60}" elapsed="60.00" exit="success"/><hosts up="${up.length}" down="${1024 - up.length}" total="1024"/>`,
      "</runstats>",
      "</nmaprun>",
      "",
    ].join("\n");
    files.push({ name: `nmap-${YEAR}-${mm(month)}-14.xml`, text });
  }
  return files;
}
