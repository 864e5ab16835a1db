import { createReadStream, readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { BountyReport } from "../../domains/bug-bounty/records.ts";
import type { RecordItem } from "../importer.ts";
import { detectImporter } from "../registry.ts";
import { bugcrowdCsv } from "./bugcrowd.ts";

const fixture = fileURLToPath(new URL("fixtures/BugCrowd-many.csv", import.meta.url));

async function parse(input: Readable) {
  const items: RecordItem<BountyReport>[] = [];
  for await (const item of bugcrowdCsv.parse(input, { timezone: "UTC", file: "bugcrowd" })) items.push(item);
  return {
    records: items.flatMap((item) => ("record" in item ? [item.record] : [])),
    problems: items.flatMap((item) => ("problem" in item ? [item] : [])),
  };
}

describe("Bugcrowd submissions export, CSV (DefectDojo's BugCrowd-many.csv)", () => {
  it("reads 4 of its 5 submissions and refuses the one paid before it was submitted, by line", async () => {
    // Count: python3 -c 'import csv; print(len(list(csv.DictReader(open("BugCrowd-many.csv")))))' → 5;
    // the first has paid_at 2020-01-11 before submitted_at 2020-03-01.
    const { records, problems } = await parse(createReadStream(fixture));
    expect(problems).toEqual([{ line: 2, problem: "the bounty is before the submission" }]);
    expect(records.map((r) => [r.severity, r.state, r.outcome, r.bounty_amount])).toEqual([
      ["high", "unresolved", "valid", 1000], // priority 2
      ["medium", "unresolved", "valid", 400],
      ["medium", "unresolved", "valid", 400],
      ["low", "unresolved", "valid", 100], // priority 4
    ]);
    expect(records[0]).toMatchObject({
      feed: "bugcrowd",
      external_id: "jangoo9aijdd38d85d0e862de1a8b0e11e20af5551cbe57af5effd407fb1e455",
      reported_at: Date.parse("2018-09-19T19:46:16Z"),
      first_response_at: null,
      triaged_at: Date.parse("2018-09-25T18:32:22Z"),
      bounty_at: Date.parse("2018-09-22T16:11:46Z"),
      resolved_at: null,
    });
  });

  it("counts a duplicate flag as invalid, whatever its substate, and maps P1 to critical", async () => {
    const csv =
      "reference_number,bounty_code,substate,duplicate,priority,submitted_at\n" +
      "a,x,unresolved,TRUE,P1,2026-09-01 10:00:00 UTC\n";
    const { records } = await parse(Readable.from([csv]));
    expect(records[0]).toMatchObject({ state: "duplicate", outcome: "invalid", severity: "critical" });
  });

  it("is detected by its columns", () => {
    expect(
      detectImporter({ name: "bugcrowd.csv", head: readFileSync(fixture, "utf8").slice(0, 65536) }).id,
    ).toBe("bugcrowd-csv");
  });
});
