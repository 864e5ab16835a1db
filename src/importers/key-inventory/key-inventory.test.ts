import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { KeyRecord } from "../../domains/key-management/records.ts";
import { InvalidInputError } from "../../model/errors.ts";
import type { Importer, RecordItem } from "../importer.ts";
import { detectImporter } from "../registry.ts";
import { keyInventoryCsv, keyInventoryYaml } from "./key-inventory.ts";

const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));
const at = (text: string) => Date.parse(text);

async function parse(
  importer: Importer<RecordItem<KeyRecord>>,
  input: Readable,
  options: { scannedAt?: number } = {},
) {
  const items: RecordItem<KeyRecord>[] = [];
  for await (const item of importer.parse(input, { timezone: "UTC", file: "keys", ...options }))
    items.push(item);
  return {
    records: items.flatMap((item) => ("record" in item ? [item.record] : [])),
    problems: items.flatMap((item) => ("problem" in item ? [item] : [])),
  };
}

describe("key inventory, YAML (hand-made fixture inventory.yaml)", () => {
  it("reads all 8 keys, each threshold however it is written", async () => {
    const { records, problems } = await parse(keyInventoryYaml, createReadStream(fixture("inventory.yaml")));
    expect(problems).toEqual([]);
    expect(records.map((r) => [r.external_id, r.purpose, r.custody, `${r.threshold}/${r.signers}`])).toEqual([
      ["treasury-safe", "treasury", "multisig", "3/5"],
      ["protocol-admin", "admin", "multisig", "4/7"],
      ["upgrade-proposer", "upgrade", "hardware", "1/1"],
      ["keeper-bot", "operator", "hot", "1/1"],
      ["oracle-signer", "oracle", "hot", "1/1"],
      ["emergency-pauser", "guardian", "mpc", "2/3"], // "MPC", "2/3" in the file
      ["ops-admin-hot", "admin", "hot", "1/1"],
      ["grants-treasury", "treasury", "multisig", "3/4"], // "3 of 4"
    ]);
    expect(records[0]).toEqual({
      kind: "key",
      feed: "key-inventory",
      external_id: "treasury-safe",
      snapshot_at: at("2026-10-31T12:00:00Z"),
      purpose: "treasury",
      custody: "multisig",
      threshold: 3,
      signers: 5,
      chain_id: 1,
      address: "0xf341247742bb5e2579b5af724b434134b064ee55",
      owner: "finance",
      created_at: null,
      last_rotated_at: null,
      last_ceremony_at: at("2026-03-01T00:00:00Z"),
      attributes: {},
    });
    expect(records[5]?.attributes).toEqual({ vendor: "Fireblocks" });
  });

  it("is told apart from other YAML registers by its `keys` list", () => {
    const head = "snapshot_at: 2026-10-31\nkeys:\n  - key: a\n";
    expect(detectImporter({ name: "keys.yaml", head }).id).toBe("key-inventory-yaml");
  });
});

describe("key inventory, CSV (hand-made fixture inventory.csv)", () => {
  it("reads the 6 keys, threshold and signers in two columns or one, unknown columns as attributes", async () => {
    const { records, problems } = await parse(keyInventoryCsv, createReadStream(fixture("inventory.csv")));
    expect(problems).toEqual([]);
    expect(records.map((r) => [r.external_id, `${r.threshold}/${r.signers}`, r.snapshot_at])).toEqual([
      ["treasury-safe", "3/5", at("2026-09-30T12:00:00Z")],
      ["protocol-admin", "4/7", at("2026-09-30T12:00:00Z")],
      ["upgrade-proposer", "1/1", at("2026-09-30T12:00:00Z")],
      ["keeper-bot", "1/1", at("2026-09-30T12:00:00Z")],
      ["oracle-signer", "1/1", at("2026-09-30T12:00:00Z")],
      ["emergency-pauser", "2/3", at("2026-09-30T12:00:00Z")],
    ]);
    expect(records[2]?.attributes).toEqual({ hsm_serial: "LDG-7731" });
  });

  it("is detected by its header", () => {
    const head = "key,purpose,custody,threshold\ntreasury,treasury,multisig,3-of-5\n";
    expect(detectImporter({ name: "keys.csv", head }).id).toBe("key-inventory-csv");
  });

  it("refuses each broken row with its line and every reason", async () => {
    const csv = [
      "key,purpose,custody,threshold,signers,chain_id,address,created_at,last_rotated_at",
      "ok,operator,hot,,,,,2026-01-01,",
      "vault,treasury,multisig,,,,,,",
      "hw,admin,hardware,2-of-3,,,,,",
      "big,treasury,mpc,6,5,,,,",
      "bad,janitor,cold,,,x,0x12,,",
      "late,oracle,hot,,,,,2026-05-01,2026-04-01",
    ].join("\n");
    const { records, problems } = await parse(keyInventoryCsv, Readable.from([csv]), { scannedAt: 1_000 });
    expect(records.map((r) => r.external_id)).toEqual(["ok"]);
    expect(problems).toEqual([
      { line: 3, problem: "a multisig or MPC key needs its threshold (e.g. 3-of-5)" },
      { line: 4, problem: "a hardware key is one key: its threshold is 1-of-1" },
      { line: 5, problem: 'threshold: "6 of 5" is not M-of-N with 1 ≤ M ≤ N' },
      {
        line: 6,
        problem:
          'custody: "cold" is not one of hardware, multisig, mpc, hot; ' +
          'address: "0x12" is not a 0x-prefixed 20-byte address; chain_id: "x" is not a chain id; ' +
          'purpose: "janitor" is not one of treasury, admin, upgrade, operator, oracle, deployer, guardian, other',
      },
      { line: 7, problem: "last_rotated_at is before created_at" },
    ]);
  });

  it("needs a snapshot time: its own snapshot_at, else --scanned-at", async () => {
    const csv = "key,purpose,custody\nbot,operator,hot\n";
    expect(
      (await parse(keyInventoryCsv, Readable.from([csv]), { scannedAt: 5 })).records[0]?.snapshot_at,
    ).toBe(5);
    await expect(parse(keyInventoryCsv, Readable.from([csv]))).rejects.toThrow(InvalidInputError);
  });
});
