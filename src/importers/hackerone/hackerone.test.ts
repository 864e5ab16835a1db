import { createReadStream, readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { BountyReport } from "../../domains/bug-bounty/records.ts";
import type { Importer, RecordItem } from "../importer.ts";
import { detectImporter } from "../registry.ts";
import { hackeroneCsv, hackeroneJson } from "./hackerone.ts";

const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));

async function parse(importer: Importer<RecordItem<BountyReport>>, input: Readable) {
  const items: RecordItem<BountyReport>[] = [];
  for await (const item of importer.parse(input, { timezone: "UTC", file: "h1" })) items.push(item);
  return {
    records: items.flatMap((item) => ("record" in item ? [item.record] : [])),
    problems: items.flatMap((item) => ("problem" in item ? [item] : [])),
  };
}

describe("HackerOne report export, CSV (DefectDojo's bug_bounty_many.csv)", () => {
  it("reads its 4 reports: 1 triaged, 1 new, 2 duplicates, as HackerOne counts them", async () => {
    // Count: `tail -n +2 bug_bounty_many.csv | cut -d, -f6 | sort | uniq -c` → 2 duplicate, 1 new, 1 triaged
    // (column 6 is substate; the titles hold no comma).
    const { records, problems } = await parse(hackeroneCsv, createReadStream(fixture("bug_bounty_many.csv")));
    expect(problems).toEqual([]);
    expect(records.map((r) => [r.external_id, r.severity, r.state, r.outcome, r.bounty_amount])).toEqual([
      ["2501687", "medium", "triaged", "valid", 400],
      ["2710467", "critical", "new", "pending", 0],
      ["2682608", "info", "duplicate", "invalid", 0], // severity_rating "none"
      ["2616856", "critical", "duplicate", "invalid", 0],
    ]);
    expect(records[0]).toMatchObject({
      feed: "hackerone",
      platform: "hackerone",
      reported_at: Date.parse("2024-05-12T04:05:27Z"),
      first_response_at: Date.parse("2024-05-14T22:14:16Z"),
      triaged_at: Date.parse("2024-08-28T19:35:16Z"),
      bounty_at: Date.parse("2024-08-28T19:40:24Z"),
      resolved_at: null,
    });
    // Closed as a duplicate: closed_at is no resolution.
    expect(records[2]).toMatchObject({
      resolved_at: null,
      first_response_at: Date.parse("2024-08-27T18:19:23Z"),
    });
  });

  it("refuses an unknown state, a milestone before the submission and an amount that is no number", async () => {
    const csv =
      "id,substate,reported_at,first_response_at,severity_rating,bounty\n" +
      "1,won,2024-05-12 04:05:27 UTC,,,\n" +
      "2,resolved,2024-05-12 04:05:27 UTC,2024-05-11 00:00:00 UTC,low,ten\n";
    expect((await parse(hackeroneCsv, Readable.from([csv]))).problems).toEqual([
      {
        line: 2,
        problem:
          'substate: "won" is not one of new, pending-program-review, needs-more-info, triaged, retesting, resolved, duplicate, informative, not-applicable, spam',
      },
      { line: 3, problem: 'bounty: "ten" is not an amount; the first response is before the submission' },
    ]);
  });
});

describe("HackerOne API reports, JSON (DefectDojo's vuln_disclosure_*.json)", () => {
  it("reads the 4 reports of vuln_disclosure_main_state.json by their state, each at its own line", async () => {
    // Count: `jq '[.data[].attributes.state] | group_by(.) | map({(.[0]): length}) | add'`
    // → {"duplicate":1,"new":1,"not-applicable":1,"triaged":1}.
    const { records, problems } = await parse(
      hackeroneJson,
      createReadStream(fixture("vuln_disclosure_main_state.json")),
    );
    expect(problems).toEqual([]);
    expect(records.map((r) => [r.external_id, r.severity, r.state, r.outcome])).toEqual([
      ["1337", "high", "new", "pending"],
      ["1338", "medium", "triaged", "valid"],
      ["1339", "medium", "duplicate", "invalid"],
      ["1340", "medium", "not-applicable", "invalid"],
    ]);
    expect(records[1]).toMatchObject({
      reported_at: Date.parse("2016-02-02T04:05:06Z"),
      triaged_at: Date.parse("2016-02-03T03:01:36Z"),
      first_response_at: null,
      bounty_amount: 0,
    });
  });

  it("sums a report's bounties and bonuses", async () => {
    const json = JSON.stringify({
      data: [
        {
          id: "7",
          type: "report",
          attributes: {
            state: "resolved",
            created_at: "2026-09-01T00:00:00Z",
            closed_at: "2026-09-05T00:00:00Z",
          },
          relationships: {
            bounties: {
              data: [
                { attributes: { amount: "500.00", bonus_amount: "50.00" } },
                { attributes: { amount: "100.00", bonus_amount: "" } },
              ],
            },
          },
        },
      ],
    });
    const { records } = await parse(hackeroneJson, Readable.from([json]));
    expect(records[0]).toMatchObject({ bounty_amount: 650, resolved_at: Date.parse("2026-09-05T00:00:00Z") });
  });

  it("is detected: the CSV by its columns, the JSON by its data list of reports", () => {
    const csvHead = readFileSync(fixture("bug_bounty_many.csv"), "utf8");
    expect(detectImporter({ name: "h1.csv", head: csvHead }).id).toBe("hackerone-csv");
    const jsonHead = readFileSync(fixture("vuln_disclosure_many.json"), "utf8");
    expect(detectImporter({ name: "reports.json", head: jsonHead }).id).toBe("hackerone-json");
  });
});
