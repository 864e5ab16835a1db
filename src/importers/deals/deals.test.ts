import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { Deal } from "../../domains/trust/records.ts";
import type { RecordItem } from "../importer.ts";
import { detectImporter } from "../registry.ts";
import { dealsCsv } from "./deals.ts";

const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));

async function parse(input: Readable) {
  const items: RecordItem<Deal>[] = [];
  for await (const item of dealsCsv.parse(input, { timezone: "UTC", file: "deals.csv" })) items.push(item);
  return {
    records: items.flatMap((item) => ("record" in item ? [item.record] : [])),
    problems: items.flatMap((item) => ("problem" in item ? [item] : [])),
  };
}

describe("deals, CSV (hand-made fixture deals.csv)", () => {
  it("reads its 13 deals, each keyed by its id", async () => {
    // `tail -n +2 deals.csv | wc -l` → 13; `cut -d, -f4` → 5 yes (one "Yes"), 8 no.
    const { records, problems } = await parse(Readable.from(createReadStream(fixture("deals.csv"))));
    expect(problems).toEqual([]);
    expect(records).toHaveLength(13);
    expect(records.filter((deal) => deal.accepted_addendum)).toHaveLength(5);
    expect(records[8]).toEqual({
      kind: "deal",
      feed: "deals",
      external_id: "D-109",
      customer: "Iris Media",
      opened_at: Date.parse("2026-10-02T00:00:00Z"),
      accepted_addendum: false,
      security_review_started_at: Date.parse("2026-10-05T00:00:00Z"),
      security_review_ended_at: null,
      closed_at: Date.parse("2026-10-28T00:00:00Z"),
    });
    expect(records[11]).toMatchObject({ external_id: "D-112", accepted_addendum: true, closed_at: null });
  });

  it("refuses a missing or unclear addendum answer, an end before its start and an end with no start", async () => {
    const csv = [
      "id,customer,opened_at,accepted_addendum,security_review_started_at,security_review_ended_at,closed_at",
      "D-1,Acme,2026-10-01,,,,",
      "D-2,Acme,2026-10-01,maybe,,,",
      "D-3,Acme,2026-10-05,no,2026-10-10,2026-10-08,2026-10-04",
      "D-4,Acme,2026-10-01,no,,2026-10-08,",
    ].join("\n");
    expect((await parse(Readable.from([csv]))).problems).toEqual([
      { line: 2, problem: "accepted_addendum is required (yes or no)" },
      { line: 3, problem: 'accepted_addendum: "maybe" is not true or false' },
      {
        line: 4,
        problem:
          "closed_at is before opened_at; security_review_ended_at is before security_review_started_at",
      },
      { line: 5, problem: "security_review_ended_at without security_review_started_at" },
    ]);
  });

  it("is detected by its header", () => {
    const head = "id,customer,opened_at,accepted_addendum,closed_at\n";
    expect(detectImporter({ name: "crm-export.csv", head }).id).toBe("deals-csv");
  });
});
