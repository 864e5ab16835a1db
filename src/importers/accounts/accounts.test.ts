import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { Account, Token } from "../../domains/identity-access/records.ts";
import { InvalidInputError } from "../../model/errors.ts";
import type { Importer, RecordItem } from "../importer.ts";
import { accountsCsv, accountsJson, tokensCsv, tokensJson } from "./accounts.ts";

const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));
const SNAPSHOT = Date.UTC(2026, 9, 1);

async function parse<R extends Account | Token>(
  importer: Importer<RecordItem<R>>,
  input: Readable,
  scannedAt?: number,
) {
  const items: RecordItem<R>[] = [];
  for await (const item of importer.parse(input, { timezone: "UTC", file: "inventory", scannedAt }))
    items.push(item);
  return {
    records: items.flatMap((item) => ("record" in item ? [item.record] : [])),
    problems: items.flatMap((item) => ("problem" in item ? [item] : [])),
  };
}

describe("accounts and tokens inventories (hand-made fixtures)", () => {
  it("reads an account inventory snapshot", async () => {
    const { records, problems } = await parse(
      accountsCsv,
      createReadStream(fixture("accounts.csv")),
      SNAPSHOT,
    );
    expect(records.map((a) => [a.external_id, a.privileged, a.owner_status, a.status])).toEqual([
      ["u-001", true, "active", "active"],
      ["u-002", false, "departed", "active"],
      ["svc-ci", true, null, "active"],
      ["u-003", false, "active", "disabled"],
    ]);
    expect(records[0]).toMatchObject({ snapshot_at: SNAPSHOT, attributes: { team: "platform" } });
    expect(problems).toEqual([
      {
        line: 6,
        problem: expect.stringMatching(/last_used_at is before created_at; privileged: "sometimes"/),
      },
    ]);
  });

  it("reads a token inventory and its expiry", async () => {
    const { records, problems } = await parse(tokensJson, createReadStream(fixture("tokens.json")), SNAPSHOT);
    expect(records.map((t) => [t.external_id, t.account_id, t.token_type, t.active])).toEqual([
      ["tok-1", "svc-ci", "api_token", true],
      ["key-7", "u-001", "ssh_key", true],
      ["key-8", "u-002", "token", false],
    ]);
    expect(records[0]?.expires_at).toBe(Date.parse("2026-04-05T00:00:00Z"));
    expect(problems.map((p) => p.line)).toEqual([5]);
  });

  it("takes the snapshot time from a column, and needs one from somewhere", async () => {
    const json = '[{"id":"u-9","privileged":false,"snapshot_at":"2026-09-30T00:00:00Z"}]';
    const { records } = await parse(accountsJson, Readable.from([json]));
    expect(records[0]?.snapshot_at).toBe(Date.parse("2026-09-30T00:00:00Z"));
    await expect(parse(accountsCsv, createReadStream(fixture("accounts.csv")))).rejects.toThrow(
      InvalidInputError,
    );
  });

  it("rejects a file without the required columns at line 1", async () => {
    await expect(
      parse(tokensCsv, Readable.from(["id,created_at\nx,2026-01-01\n"]), SNAPSHOT),
    ).rejects.toThrow(/:1: missing required column account_id/);
  });

  it("tells the two inventories and alerts apart", () => {
    const head = (text: string) => ({ name: "f.csv", head: text });
    expect(accountsCsv.detect(head("id,name,privileged,owner\n"))).toBe(true);
    expect(tokensCsv.detect(head("id,account_id,created_at,expires_at\n"))).toBe(true);
    expect(accountsCsv.detect(head("id,account_id,privileged\n"))).toBe(false);
    expect(tokensCsv.detect(head("id,created_at,disposition\n"))).toBe(false);
  });
});
