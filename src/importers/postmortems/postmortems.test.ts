import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { ActionItem } from "../../domains/action-items/records.ts";
import type { Postmortem } from "../../domains/postmortems/records.ts";
import { InvalidInputError } from "../../model/errors.ts";
import { directorySource } from "../file-source.ts";
import type { RecordItem } from "../importer.ts";
import { detectImporter } from "../registry.ts";
import { postmortemsFolder } from "./postmortems.ts";

const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));
const SCANNED_AT = Date.parse("2026-09-30T18:00:00Z");

async function parse(path: string) {
  const items: RecordItem<Postmortem | ActionItem>[] = [];
  const ctx = { timezone: "UTC", file: "folder", scannedAt: SCANNED_AT };
  for await (const item of postmortemsFolder.parse(directorySource(path), ctx)) items.push(item);
  const records = items.flatMap((item) => ("record" in item ? [item.record] : []));
  return {
    postmortems: records.filter((r): r is Postmortem => r.kind === "postmortem"),
    actions: records.filter((r): r is ActionItem => r.kind === "action_item"),
    problems: items.flatMap((item) => ("problem" in item ? [item.problem] : [])),
    leftOut: items.flatMap((item) => ("leftOut" in item ? [item.leftOut] : [])),
  };
}

describe("post-mortems folder (hand-made fixtures in the Google SRE and PagerDuty shapes)", () => {
  it("is detected from a folder of Markdown files", () => {
    const folder = directorySource(fixture("northwind"));
    const sample = { name: folder.name, head: "", files: folder.files.map((file) => file.path) };
    expect(detectImporter(sample).id).toBe("postmortems");
  });

  it("reads one post-mortem per file with front matter, and leaves the README out", async () => {
    // ls fixtures/northwind/*.md → 5 files; grep -l '^event:' → 4, README.md has no front matter.
    const { postmortems, problems, leftOut } = await parse(fixture("northwind"));
    expect(problems).toEqual([]);
    expect(leftOut).toEqual(["README.md: no post-mortem front matter (no event)"]);
    expect(postmortems.map((p) => [p.external_id, p.status, p.root_causes.map((c) => c.category)])).toEqual([
      ["INC-101", "published", ["secret-in-code"]],
      ["INC-102", "published", ["config-change"]],
      ["INC-104", "in_review", ["phishing", "secret-in-code"]],
      ["NM-7", "published", ["config-change"]],
    ]);
    expect(postmortems[0]).toMatchObject({
      event: "INC-101",
      file: "2026-08-03-api-key-leak.md",
      snapshot_at: SCANNED_AT,
      date: Date.parse("2026-08-03T10:00:00Z"),
      published_at: Date.parse("2026-08-10T16:00:00Z"),
      authors: ["dana", "lee"],
      controls_reviewed: [
        { control: "secret-scanning", result: "failed" },
        { control: "key-rotation", result: "effective" },
      ],
      web3: null,
    });
    expect(postmortems[1]?.contributing_factors).toHaveLength(2);
    expect(postmortems[3]?.web3).toEqual({
      chain: "ethereum",
      protocol: "northwind-lending",
      tx_hashes: ["0x5f3c1b9e8d7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c"],
      loss_usd: 0,
      attack_type: "price-oracle-manipulation",
    });
  });

  it("turns each post-mortem's actions into action items of origin postmortem", async () => {
    // grep -c '^  - ' under actions: → 2 + 1 + 1 + 1 = 5; NM-7's has no id: NM-7#1.
    const { actions } = await parse(fixture("northwind"));
    expect(actions.map((a) => [a.external_id, a.type, a.status, a.origin, a.origin_ref])).toEqual([
      ["PM-101-1", "prevent", "done", "postmortem", "INC-101"],
      ["PM-101-2", "detect", "in_progress", "postmortem", "INC-101"],
      ["PM-102-1", "repair", "done", "postmortem", "INC-102"],
      ["PM-104-1", "process", "open", "postmortem", "INC-104"],
      ["NM-7#1", "mitigate", "open", "postmortem", "NM-7"],
    ]);
    expect(actions[0]).toMatchObject({
      feed: "postmortems",
      // No created_at: the post-mortem's publication, when the actions were agreed.
      created_at: Date.parse("2026-08-10T16:00:00Z"),
      verified_at: Date.parse("2026-08-28T00:00:00Z"),
      verified_by: "lee",
      ticket: "SEC-410",
    });
    // An unpublished post-mortem's actions date from the event.
    expect(actions[3]?.created_at).toBe(Date.parse("2026-09-05T12:00:00Z"));
  });

  it("refuses front matter that does not parse, naming the file and its line", async () => {
    // broken/2026-10-01-cdn.md: `root_causes: [expired-certificate` on line 6 is never closed;
    // the parser finds out on line 7, where the next key begins.
    const refused = parse(fixture("broken"));
    await expect(refused).rejects.toThrow(InvalidInputError);
    await expect(refused).rejects.toThrow(/broken\/2026-10-01-cdn\.md:7: Flow sequence/);
  });

  it("reports a front matter field it cannot read as a problem naming the file", async () => {
    const { problems, postmortems } = await parse(fixture("invalid"));
    expect(postmortems).toEqual([]);
    expect(problems).toEqual([
      '2026-10-02-queue.md:2: status: "finished" is not one of draft, in_review, published',
    ]);
  });
});
