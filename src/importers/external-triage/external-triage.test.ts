import { createReadStream, readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { ExternalTriage } from "../../domains/external-incidents/records.ts";
import type { RecordItem } from "../importer.ts";
import { detectImporter } from "../registry.ts";
import { externalTriageCsv } from "./external-triage.ts";

const fixture = fileURLToPath(new URL("fixtures/triage.csv", import.meta.url));

async function parse(input: Readable) {
  const items: RecordItem<ExternalTriage>[] = [];
  for await (const item of externalTriageCsv.parse(input, { timezone: "UTC", file: "triage.csv" }))
    items.push(item);
  return {
    records: items.flatMap((item) => ("record" in item ? [item.record] : [])),
    problems: items.flatMap((item) => ("problem" in item ? [item] : [])),
  };
}

describe("external incidents triage register", () => {
  it("is detected by its incident and applies columns", () => {
    expect(detectImporter({ name: "triage.csv", head: readFileSync(fixture, "utf8") }).id).toBe(
      "external-triage-csv",
    );
  });

  it("reads each triage: whether it applies, when, by whom, the action item", async () => {
    const { records, problems } = await parse(createReadStream(fixture));
    expect(problems).toEqual([]);
    expect(records.map((r) => [r.external_id, r.applies, r.action_item])).toEqual([
      ["20260701-edel-xstock", false, null],
      ["20260805-strongblock", true, "AI-78"],
      ["20260809-usm", false, null],
      ["20260815-foxlpbondspool", false, null],
      ["20260819-allbridgecctp", true, "AI-77"],
      ["20260820-flashstakev2", false, null],
    ]);
    expect(records[1]).toMatchObject({
      feed: "external-triage",
      triaged_at: Date.parse("2026-08-06T15:00:00Z"),
      triaged_by: "protocol-security",
    });
  });

  it("names the row and the reason of a triage it cannot read", async () => {
    const csv = "incident,applies,triaged_at\n20260820-flashstakev2,maybe,2026-08-22\n,yes,\n";
    expect((await parse(Readable.from([csv]))).problems).toEqual([
      { line: 2, problem: 'applies: "maybe" is not true or false' },
      { line: 3, problem: "incident is required; triaged_at is required" },
    ]);
  });
});
