import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { MonitorConfig } from "../../domains/web3/records.ts";
import { directorySource } from "../file-source.ts";
import type { RecordItem } from "../importer.ts";
import { detectImporter } from "../registry.ts";
import { ozMonitor } from "./oz-monitor.ts";

const ENS = fileURLToPath(new URL("fixtures/ens", import.meta.url));
const IMPORTED_AT = Date.parse("2026-11-30T12:00:00Z");

async function parse(path: string, options: { scannedAt?: number } = {}) {
  const items: RecordItem<MonitorConfig>[] = [];
  const ctx = { timezone: "UTC", file: "folder", importedAt: IMPORTED_AT, ...options };
  for await (const item of ozMonitor.parse(directorySource(path), ctx)) items.push(item);
  return {
    records: items.flatMap((item) => ("record" in item ? [item.record] : [])),
    problems: items.flatMap((item) => ("problem" in item ? [[item.line, item.problem]] : [])),
    leftOut: items.flatMap((item) => ("leftOut" in item ? [item.leftOut] : [])),
  };
}

describe("OpenZeppelin Monitor configuration (hand-written, ENS mainnet contracts)", () => {
  it("reads one record per monitor, keyed by its name, networks resolved to chain ids", async () => {
    // ls fixtures/ens/config/monitors/*.json | wc -l → 4 monitors.
    const { records, problems } = await parse(ENS, { scannedAt: Date.parse("2026-10-20T00:00:00Z") });
    expect(problems).toEqual([]);
    expect(records.map((r) => [r.external_id, r.paused, r.chain_ids, r.snapshot_at])).toEqual([
      ["ENS registrations and wrapping", false, [1, 8453], Date.parse("2026-10-20T00:00:00Z")],
      ["ENS registry ownership changes", false, [1], Date.parse("2026-10-20T00:00:00Z")],
      ["ENS root TLD locks", true, [1], Date.parse("2026-10-20T00:00:00Z")],
      ["Stellar pool swaps", false, [], Date.parse("2026-10-20T00:00:00Z")],
    ]);
  });

  it("lowercases checksummed addresses, strips white space from signatures, counts transaction conditions", async () => {
    const { records } = await parse(ENS);
    const byName = new Map(records.map((r) => [r.name, r]));
    expect(byName.get("ENS registry ownership changes")).toMatchObject({
      networks: ["ethereum_mainnet"],
      addresses: ["0x00000000000c2e074ec69a0dfb2997ba6c7d2e1e"],
      functions: ["setOwner(bytes32,address)", "setSubnodeOwner(bytes32,bytes32,address)"],
      // "NewResolver(bytes32, address)" in the file.
      events: [
        "NewOwner(bytes32,bytes32,address)",
        "Transfer(bytes32,address)",
        "NewResolver(bytes32,address)",
      ],
      transaction_conditions: 1,
      triggers: ["ens_security_slack"],
      source_file: "config/monitors/ens_registry_ownership.json",
    });
    expect(byName.get("ENS registrations and wrapping")?.addresses).toEqual([
      "0x253553366da8546fc250f225fe3d25d0c782303b",
      "0xd4416b13d2b3a9abae7acd5d6c2bbdbe25686401",
    ]);
  });

  it("keeps a monitor of a Stellar network without addresses, and says why the network is left out", async () => {
    const { records, leftOut } = await parse(ENS);
    expect(records.find((r) => r.name === "Stellar pool swaps")).toMatchObject({
      networks: ["stellar_mainnet"],
      chain_ids: [],
      addresses: [],
    });
    expect(leftOut).toEqual([
      "config/networks/stellar_mainnet.json: Stellar network stellar_mainnet has no EVM chain id: its monitors' contracts are not in an EVM registry",
    ]);
  });

  it("is detected from the folder's file list, and not taken for a deployments folder", () => {
    const folder = directorySource(ENS);
    const sample = { name: folder.name, head: "", files: folder.files.map((file) => file.path) };
    expect(detectImporter(sample).id).toBe("oz-monitor");
  });
});

describe("edge cases (hand-made folders)", () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "secmetrics-oz-monitor-"));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const write = (path: string, content: unknown) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), typeof content === "string" ? content : JSON.stringify(content, null, 2));
  };
  const mainnet = { network_type: "EVM", slug: "ethereum_mainnet", chain_id: 1 };
  const monitor = (name: string, fields: Record<string, unknown> = {}) => ({
    name,
    paused: false,
    networks: ["ethereum_mainnet"],
    addresses: [{ address: "0x1111111111111111111111111111111111111111" }],
    match_conditions: { functions: [], events: [], transactions: [] },
    triggers: [],
    ...fields,
  });

  it("names the file and the line of a network slug no network file declares", async () => {
    write("networks/ethereum_mainnet.json", mainnet);
    write("monitors/vault.json", monitor("Vault", { networks: ["ethereum_mainnet", "polygon_mainnet"] }));
    // JSON.stringify(…, null, 2): "name" line 2, "paused" 3, "networks" 4, its two slugs lines 5 and 6.
    expect((await parse(root)).problems).toEqual([
      [
        6,
        'monitors/vault.json line 6: Vault: network "polygon_mainnet" is not declared by any networks/*.json',
      ],
    ]);
  });

  it("refuses a watched address that is not an EVM address, and a monitor name defined twice", async () => {
    write("networks/ethereum_mainnet.json", mainnet);
    write("monitors/a.json", monitor("Vault", { addresses: [{ address: "0x12" }] }));
    write("monitors/b.json", monitor("Vault"));
    write("monitors/c.json", monitor("Vault"));
    const { problems } = await parse(root);
    expect(problems.map(([, problem]) => problem)).toEqual([
      'monitors/a.json line 9: Vault: addresses[0].address "0x12" is not an EVM address',
      "monitors/c.json line 1: monitor Vault is also defined by monitors/b.json",
    ]);
  });

  it("refuses a folder with networks but no monitor", async () => {
    write("networks/ethereum_mainnet.json", mainnet);
    await expect(parse(root)).rejects.toThrow("no monitor in the folder");
  });
});
