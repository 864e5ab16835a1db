import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { SafeState } from "../../domains/key-management/records.ts";
import { InvalidInputError } from "../../model/errors.ts";
import type { RecordItem } from "../importer.ts";
import { detectImporter } from "../registry.ts";
import { safeTransactionService } from "./safe-transaction-service.ts";

const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));
const SCANNED = Date.parse("2026-10-20T00:00:00Z");

async function parse(input: Readable) {
  const items: RecordItem<SafeState>[] = [];
  for await (const item of safeTransactionService.parse(input, {
    timezone: "UTC",
    file: "safes.json",
    scannedAt: SCANNED,
  }))
    items.push(item);
  return {
    records: items.flatMap((item) => ("record" in item ? [item.record] : [])),
    problems: items.flatMap((item) => ("problem" in item ? [item] : [])),
  };
}

describe("Safe Transaction Service Safe info", () => {
  it("reads one response of the older service (nonce a number, no chainId): the Safe on any chain", async () => {
    const { records, problems } = await parse(createReadStream(fixture("safe-v1.json")));
    expect(problems).toEqual([]);
    expect(records).toEqual([
      {
        kind: "safe_state",
        feed: "safe-transaction-service",
        external_id: "any:0xf341247742bb5e2579b5af724b434134b064ee55",
        snapshot_at: SCANNED,
        chain_id: null,
        address: "0xf341247742bb5e2579b5af724b434134b064ee55",
        threshold: 3,
        owners: [
          "0xf55ff16f66f43360266b95db6f8fec01d7603105",
          "0x2c3a4249d77070058649dbd822dcaf7957586fce",
          "0xf46dd28a5499d8efef0b8fb8ee1ec1c5a5e407c9",
          "0x4539e4b4889079c2a00afeae0bfc1439840ef237",
          "0x66220e71591b2d933c0e935c138ebfd60710b91f",
        ],
        nonce: 41,
        version: "1.3.0",
        master_copy: "0xd9db270c1b5e3bd161e8c8503c55ceabee709552",
        modules: [],
        guard: null,
      },
    ]);
  });

  it("reads an array of newer responses (nonce as text, chainId added): threshold of owners per Safe", async () => {
    // jq '.[] | "\(.chainId):\(.threshold)/\(.owners|length) nonce \(.nonce)"' safes.json
    const { records, problems } = await parse(createReadStream(fixture("safes.json")));
    expect(problems).toEqual([]);
    expect(
      records.map((r) => [r.external_id, r.threshold, r.owners.length, r.nonce, r.modules.length]),
    ).toEqual([
      ["1:0xf341247742bb5e2579b5af724b434134b064ee55", 2, 5, 57, 0],
      ["1:0x368b88ace1f14a59522472fb37e6bbd34ab0a824", 4, 7, 12, 0],
      ["10:0x7f1fce465409132e7e62dba326f42b0db5fc8ccf", 1, 2, 3, 1],
    ]);
  });

  it.each([
    // jq '{threshold, owners: (.owners | length), modules: (.modules | length), nonce, version}' FILE
    ["docs-safe-130.json", "0xcd2e72aebe2a203b84f46deec948e6465db51c75", 1, 2, 0, 50, "1.3.0"],
    ["docs-safe-141-l2.json", "0xf72b6c739e7889b89c888403a960a59935564405", 1, 1, 1, 0, "1.4.1+L2"],
  ])(
    "reads Safe's own API reference sample %s: threshold and owners as the service gave them",
    async (name, address, threshold, owners, modules, nonce, version) => {
      const { records, problems } = await parse(createReadStream(fixture(name)));
      expect(problems).toEqual([]);
      expect(records).toHaveLength(1);
      expect(records[0]).toMatchObject({ address, threshold, nonce, version, chain_id: null, guard: null });
      expect([records[0]?.owners.length, records[0]?.modules.length]).toEqual([owners, modules]);
    },
  );

  it("refuses the owners or modules endpoint's list of Safe addresses, naming the endpoint to pull instead", async () => {
    const { records, problems } = await parse(createReadStream(fixture("docs-module-safes.json")));
    expect(records).toEqual([]);
    expect(problems).toEqual([
      {
        line: 1,
        problem: expect.stringMatching(/no owners or threshold: pull each Safe with GET \/api\/v1\/safes/),
      },
    ]);
    expect(detectImporter({ name: "safes.json", head: '{\n  "safes": []\n}' }).id).toBe(
      "safe-transaction-service",
    );
  });

  it("places the Safes at --scanned-at, else at the time of the import, and needs one of them", async () => {
    const json = await readFile(fixture("safe-v1.json"), "utf8");
    const read = async (ctx: { importedAt?: number }) => {
      const items: RecordItem<SafeState>[] = [];
      for await (const item of safeTransactionService.parse(Readable.from([json]), {
        timezone: "UTC",
        file: "safe.json",
        ...ctx,
      }))
        items.push(item);
      return items;
    };
    expect(await read({ importedAt: 7 })).toMatchObject([{ record: { snapshot_at: 7 } }]);
    await expect(read({})).rejects.toThrow(InvalidInputError);
  });

  it("is detected by the response's own fields", () => {
    const head =
      '{\n  "address": "0xF341247742BB5e2579b5AF724B434134b064eE55",\n  "nonce": 41,\n  "threshold": 3,\n  "owners": [],\n  "masterCopy": "0x0"';
    expect(detectImporter({ name: "safe.json", head }).id).toBe("safe-transaction-service");
  });

  it("refuses a Safe with a bad address, more signatures than owners, or listed twice, by line", async () => {
    const safe = (fields: string) =>
      `{"address":"0xF341247742BB5e2579b5AF724B434134b064eE55","threshold":1,"owners":["0xf55FF16F66f43360266B95Db6F8fEC01D7603105"],"masterCopy":null${fields}}`;
    const ndjson = [
      safe(""),
      safe(',"address":"0x12"'),
      safe(',"threshold":3'),
      safe(',"owners":"none"'),
      safe(""),
    ].join("\n");
    const { records, problems } = await parse(Readable.from([ndjson]));
    expect(records).toHaveLength(1);
    expect(problems).toEqual([
      { line: 2, problem: 'address: "0x12" is not a 0x-prefixed 20-byte address' },
      { line: 3, problem: "threshold 3 is more than the 1 owners" },
      { line: 4, problem: "owners is not a list; threshold 1 is more than the 0 owners" },
      { line: 5, problem: "Safe any:0xf341247742bb5e2579b5af724b434134b064ee55 is already on line 1" },
    ]);
  });
});
