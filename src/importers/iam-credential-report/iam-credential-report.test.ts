import { createReadStream } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { type Account, TOKEN_INVENTORY_FEEDS, type Token } from "../../domains/identity-access/records.ts";
import { InvalidInputError } from "../../model/errors.ts";
import type { ImportContext, RecordItem } from "../importer.ts";
import { iamCredentialReport } from "./iam-credential-report.ts";

const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));
const SNAPSHOT = Date.UTC(2017, 10, 10);

async function parse(name: string, options: Partial<ImportContext> = {}) {
  const items: RecordItem<Account | Token>[] = [];
  const ctx = { timezone: "UTC", file: name, scannedAt: SNAPSHOT, ...options };
  for await (const item of iamCredentialReport.parse(createReadStream(fixture(name)), ctx)) items.push(item);
  const records = items.flatMap((item) => ("record" in item ? [item.record] : []));
  return {
    accounts: records.filter((r): r is Account => r.kind === "account"),
    tokens: records.filter((r): r is Token => r.kind === "token"),
    problems: items.flatMap((item) => ("problem" in item ? [item] : [])),
  };
}

describe("iam-credential-report", () => {
  it("turns a real report into account and access-key snapshot rows", async () => {
    const { accounts, tokens, problems } = await parse("credential-report-oil.csv");
    expect(problems).toEqual([]);
    // 4 data rows: <root_account>, example.user, fakeuser, final.user
    expect(accounts.map((a) => [a.name, a.privileged, a.mfa_active])).toEqual([
      ["<root_account>", true, true],
      ["example.user", null, false],
      ["fakeuser", null, true],
      ["final.user", null, false],
    ]);
    // access_key_1_active is true on the 3 IAM users, false with N/A on root; every key 2 and cert is false/N/A
    expect(tokens.map((t) => [t.account_id, t.token_type, t.active])).toEqual([
      ["arn:aws:iam::fakearn:user/example.user", "access_key", true],
      ["arn:aws:iam::fakearn:user/fakeuser", "access_key", true],
      ["arn:aws:iam::fakearn:user/final.user", "access_key", true],
    ]);
    expect(tokens[1]).toMatchObject({
      last_rotated_at: Date.parse("2017-10-22T08:12:39Z"),
      last_used_at: Date.parse("2017-11-08T18:39:00Z"),
      attributes: { last_used_region: "ap-southeast-1", last_used_service: "ec2" },
      snapshot_at: SNAPSHOT,
    });
    // fakeuser's latest use is its key (2017-11-08), not its password (2017-07-01)
    expect(accounts[2]?.last_used_at).toBe(Date.parse("2017-11-08T18:39:00Z"));
    expect(accounts[0]).toMatchObject({
      external_id: "arn:aws:iam::fakearn:root",
      last_used_at: Date.parse("2017-10-22T08:11:09Z"),
      attributes: { root: "true", password_enabled: "not_supported" },
    });
  });

  it("reads no_information, mixed-case booleans and certificates, and reports bad rows (hand-made)", async () => {
    const { accounts, tokens, problems } = await parse("edge-credential-report.csv");
    expect(accounts).toHaveLength(1);
    expect(accounts[0]).toMatchObject({
      mfa_active: false,
      last_used_at: Date.parse("2024-05-05T05:05:05Z"),
      attributes: { password_last_used: "no_information", password_enabled: "true" },
    });
    expect(tokens.map((t) => [t.external_id.split("#")[1], t.active])).toEqual([
      ["access_key_1", false],
      ["access_key_2", true],
      ["cert_1", true],
    ]);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.line).toBe(3);
    expect("problem" in (problems[0] ?? {}) && problems[0]?.problem).toMatch(
      /user_creation_time.*password_enabled/,
    );
  });

  it("reads a report with no key as accounts and no token, from a feed whose accounts list every token", async () => {
    const { accounts, tokens, problems } = await parse("root-only-credential-report.csv");
    expect(problems).toEqual([]);
    // 1 data row (<root_account>); its 4 *_active columns are false and its *_last_rotated N/A
    expect(accounts.map((a) => a.name)).toEqual(["<root_account>"]);
    expect(tokens).toEqual([]);
    expect(TOKEN_INVENTORY_FEEDS).toContain(iamCredentialReport.feed);
  });

  it("needs the snapshot time and all 22 columns", async () => {
    await expect(parse("credential-report-oil.csv", { scannedAt: undefined })).rejects.toThrow(
      InvalidInputError,
    );
    const { Readable } = await import("node:stream");
    const run = async () => {
      for await (const _ of iamCredentialReport.parse(Readable.from(["user,arn\nx,y\n"]), {
        timezone: "UTC",
        file: "short.csv",
        scannedAt: SNAPSHOT,
      })) {
        // consume
      }
    };
    await expect(run()).rejects.toThrow(/missing required column/);
  });

  it("detects a credential report", () => {
    expect(
      iamCredentialReport.detect({
        name: "r.csv",
        head: "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active\n",
      }),
    ).toBe(true);
    expect(iamCredentialReport.detect({ name: "a.csv", head: "id,name,privileged\n" })).toBe(false);
  });
});
