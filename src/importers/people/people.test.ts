import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { Person } from "../../domains/people/records.ts";
import { InvalidInputError } from "../../model/errors.ts";
import type { RecordItem } from "../importer.ts";
import { detectImporter } from "../registry.ts";
import { peopleCsv } from "./people.ts";

const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));

async function parse(input: Readable, options: { scannedAt?: number } = {}) {
  const items: RecordItem<Person>[] = [];
  for await (const item of peopleCsv.parse(input, { timezone: "UTC", file: "roster", ...options }))
    items.push(item);
  return {
    records: items.flatMap((item) => ("record" in item ? [item.record] : [])),
    problems: items.flatMap((item) => ("problem" in item ? [item] : [])),
  };
}

describe("people roster, CSV (hand-made fixtures)", () => {
  it("reads every person of roster-2026-09.csv: 7 rows, e-mails lower-cased", async () => {
    const { records, problems } = await parse(createReadStream(fixture("roster-2026-09.csv")));
    expect(problems).toEqual([]);
    expect(records.map((r) => [r.external_id, r.team, r.active, r.security_champion, r.in_scope])).toEqual([
      ["P01", "Platform", true, true, true],
      ["P02", "Platform", true, false, true],
      ["P03", "Payments", true, false, true],
      ["P04", "Payments", false, true, true],
      ["P05", "Sales", true, false, false],
      ["P06", "Sales", true, true, true],
      ["P07", "Support", true, false, true],
    ]);
    expect(records[0]).toEqual({
      kind: "person",
      feed: "people",
      external_id: "P01",
      snapshot_at: Date.parse("2026-09-30T00:00:00Z"),
      email: "alice@example.com",
      team: "Platform",
      department: "Engineering",
      active: true,
      security_champion: true,
      in_scope: true,
    });
  });

  it("refuses a row whose active is neither yes nor no, by line (roster-2026-10.csv:9)", async () => {
    const { records, problems } = await parse(createReadStream(fixture("roster-2026-10.csv")));
    expect(records).toHaveLength(7);
    expect(problems).toEqual([{ line: 9, problem: 'active: "maybe" is not true or false' }]);
  });

  it("needs active, defaults champion to no and scope to yes, and takes --scanned-at for the snapshot", async () => {
    const csv = "person_id,active,in_scope\nP1,true,\nP2,,\n";
    const { records, problems } = await parse(Readable.from([csv]), { scannedAt: 1_000 });
    expect(records).toMatchObject([
      { external_id: "P1", security_champion: false, in_scope: true, snapshot_at: 1_000 },
    ]);
    expect(problems).toEqual([{ line: 3, problem: "active is required" }]);
    await expect(parse(Readable.from([csv]))).rejects.toThrow(InvalidInputError);
  });

  it("is detected by its header", () => {
    const head = "person_id,email,team,active,security_champion\n";
    expect(detectImporter({ name: "people.csv", head }).id).toBe("people-csv");
  });
});
