import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { AssetSighting } from "../../domains/assets/records.ts";
import { InvalidInputError } from "../../model/errors.ts";
import type { RecordItem } from "../importer.ts";
import { detectNmap, parseNmap } from "./nmap.ts";

const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));

async function parse(input: Readable, scannedAt?: number) {
  const items: RecordItem<AssetSighting>[] = [];
  for await (const item of parseNmap(input, { timezone: "UTC", file: "scan.xml", scannedAt }))
    items.push(item);
  return {
    records: items.flatMap((item) => ("record" in item ? [item.record] : [])),
    problems: items.flatMap((item) => ("problem" in item ? [item] : [])),
  };
}

describe("nmap XML", () => {
  it("reads the hosts up of zenmap's xml_test11.xml: 4, MAC addresses left out, at the scan's start", async () => {
    // runstats: <hosts up="4" down="77" total="81"/>; grep -c 'state="up"' gives 4; no host starttime,
    // so each is at nmaprun start="1121743483" (2005-07-19T03:24:43Z).
    const { records, problems } = await parse(createReadStream(fixture("zenmap-xml_test11.xml")));
    expect(problems).toEqual([]);
    expect(records.map((r) => [r.asset, r.hostnames, r.ips])).toEqual([
      ["10.0.0.100", ["canopo"], ["10.0.0.100"]],
      ["10.0.0.138", ["SpeedTouch.canopo"], ["10.0.0.138"]],
      ["10.0.0.140", ["servidor.canopo"], ["10.0.0.140"]],
      ["10.0.0.150", [], ["10.0.0.150"]],
    ]);
    expect(records[0]).toEqual({
      kind: "asset_sighting",
      feed: "nmap",
      external_id: "2005-07-19T03:24:43.000Z|10.0.0.100",
      seen_at: Date.parse("2005-07-19T03:24:43Z"),
      asset: "10.0.0.100",
      asset_type: "host",
      hostnames: ["canopo"],
      ips: ["10.0.0.100"],
    });
  });

  it("reads DefectDojo's issue12411.xml: 2 hosts up, each at its own starttime, every hostname kept", async () => {
    // runstats: "2 IP addresses (2 hosts up)"; both hosts' starttime="1746624387" (2025-05-07T13:26:27Z).
    const { records } = await parse(createReadStream(fixture("defectdojo-issue12411.xml")));
    expect(records.map((r) => [r.asset, r.hostnames, new Date(r.seen_at).toISOString()])).toEqual([
      ["172.217.18.238", ["google.com", "par10s10-in-f238.1e100.net", "lalala"], "2025-05-07T13:26:27.000Z"],
      ["54.239.28.85", ["amazon.com"], "2025-05-07T13:26:27.000Z"],
    ]);
  });

  it("gives no sighting for ndiff's down.xml: its one host is down (hosts up=0)", async () => {
    const { records, problems } = await parse(createReadStream(fixture("ndiff-down.xml")));
    expect([records, problems]).toEqual([[], []]);
  });

  it("skips down hosts and host hints, keeps IPv6, refuses a host up with only a MAC address (hand-made edge-hosts.xml)", async () => {
    // 5 <host> elements: 10.40.0.9 down; 10.40.0.10, 2001:DB8:40::A, 10.40.0.13 up; one up with a MAC only.
    const { records, problems } = await parse(createReadStream(fixture("edge-hosts.xml")));
    expect(records.map((r) => [r.asset, r.hostnames, new Date(r.seen_at).toISOString()])).toEqual([
      ["10.40.0.10", ["nw-bastion-01.northwind.example."], "2026-09-14T02:00:05.000Z"],
      ["2001:DB8:40:0:0:0:0:A", ["nw-bastion-01.northwind.example"], "2026-09-14T02:00:07.000Z"],
      ["10.40.0.13", ["printer-3f"], "2026-09-14T02:00:00.000Z"],
    ]);
    expect(problems).toEqual([{ line: 35, problem: "a host up without an IPv4 or IPv6 address" }]);
  });

  it("refuses XML that is not well-formed, naming the line, and XML that is not nmap's", async () => {
    const cut = Readable.from([
      '<nmaprun start="1">\n<host><status state="up"/>\n<address addr="10.0.0.1"></host>',
    ]);
    const error = await parse(cut).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).problems.map((p) => p.line)).toEqual([3]);
    await expect(parse(Readable.from(["<OWASPZAPReport></OWASPZAPReport>"]))).rejects.toThrow(/no nmaprun/);
  });

  it("detects nmap XML by its root, after the declaration, stylesheet and comments", () => {
    expect(
      detectNmap({ name: "a.xml", head: '<?xml version="1.0"?>\n<!-- Nmap -->\n<nmaprun scanner="nmap">' }),
    ).toBe(true);
    expect(detectNmap({ name: "a.xml", head: "<OWASPZAPReport>" })).toBe(false);
  });
});
