import { createReadStream } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { ActionItem } from "../../domains/action-items/records.ts";
import type { Importer, RecordItem } from "../importer.ts";
import { detectImporter } from "../registry.ts";
import { actionItemsCsv, actionItemsJson } from "./action-items.ts";

const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));

async function parse(importer: Importer<RecordItem<ActionItem>>, name: string) {
  const items: RecordItem<ActionItem>[] = [];
  for await (const item of importer.parse(createReadStream(fixture(name)), { timezone: "UTC", file: name }))
    items.push(item);
  return {
    records: items.flatMap((item) => ("record" in item ? [item.record] : [])),
    problems: items.flatMap((item) => ("problem" in item ? [item] : [])),
  };
}

const head = (text: string, name: string) => ({ name, head: text });

describe("action items register (hand-made fixtures)", () => {
  it("reads every row of the CSV register: 5, each with its origin and state", async () => {
    // tail -n +2 register.csv | wc -l → 5
    const { records, problems } = await parse(actionItemsCsv, "register.csv");
    expect(problems).toEqual([]);
    expect(records.map((r) => [r.external_id, r.type, r.status, r.origin])).toEqual([
      ["T-1", "process", "open", "tabletop"],
      ["AS-1", "prevent", "in_progress", "assessment"],
      ["AS-2", "repair", "done", "assessment"],
      ["M-1", "process", "open", "maturity"],
      ["AS-3", "other", "not_doing", "assessment"],
    ]);
    expect(records[2]).toMatchObject({
      feed: "action-items",
      snapshot_at: Date.parse("2026-09-30T12:00:00Z"),
      created_at: Date.parse("2026-07-01T00:00:00Z"),
      completed_at: Date.parse("2026-09-10T00:00:00Z"),
      verified_at: Date.parse("2026-09-12T00:00:00Z"),
      verified_by: "erin",
      evidence: "https://wiki.example/rotation-2026-09",
      origin_ref: "2026 pentest",
    });
  });

  it("reads the JSON register the same way, keeping unknown fields as attributes", async () => {
    const { records } = await parse(actionItemsJson, "register.json");
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      external_id: "T-1",
      origin: "tabletop",
      attributes: { jira_epic: "SEC-300" },
    });
  });

  it("refuses the follow-up rules' breaches row by row", async () => {
    const { records, problems } = await parse(actionItemsCsv, "register-invalid.csv");
    expect(records.map((r) => r.external_id)).toEqual(["X-4"]);
    expect(problems).toEqual([
      { line: 2, problem: "a done action item needs completed_at" },
      { line: 3, problem: "verified_at needs verified_by" },
      { line: 4, problem: "verified_at is before completed_at" },
    ]);
  });

  it("is detected by its columns, and an incidents or alerts export is not taken for it", () => {
    const csv = "id,title,status,created_at,due_at\nA,B,open,2026-01-01,2026-02-01\n";
    expect(detectImporter(head(csv, "items.csv")).id).toBe("action-items-csv");
    expect(
      detectImporter(
        head(
          '[{"id":"A","title":"B","status":"open","created_at":"2026-01-01","origin":"other"}]',
          "items.json",
        ),
      ).id,
    ).toBe("action-items-json");
    expect(detectImporter(head("id,created_at,rule\n1,2026-01-01,x\n", "alerts.csv")).id).toBe("alerts-csv");
    expect(detectImporter(head("id,title,detected_at,status\n1,a,2026-01-01,open\n", "inc.csv")).id).toBe(
      "incidents-csv",
    );
  });
});
