import { createReadStream, readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { GovernanceProposal } from "../../domains/governance/records.ts";
import type { RecordItem } from "../importer.ts";
import { detectImporter } from "../registry.ts";
import { snapshotJson } from "./snapshot.ts";

const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));

async function parse(input: Readable) {
  const items: RecordItem<GovernanceProposal>[] = [];
  for await (const item of snapshotJson.parse(input, { timezone: "UTC", file: "proposals.json" }))
    items.push(item);
  return {
    records: items.flatMap((item) => ("record" in item ? [item.record] : [])),
    problems: items.flatMap((item) => ("problem" in item ? [item] : [])),
  };
}

const detected = (name: string) =>
  detectImporter({ name, head: readFileSync(fixture(name), "utf8").slice(0, 4096) }).id;

describe("Snapshot proposals (hub GraphQL JSON)", () => {
  it.each(["snapshot-docs-proposals.json", "snapshot-docs-proposal.json", "proposals-array.json"])(
    "detects %s from its content",
    (name) => expect(detected(name)).toBe("snapshot-json"),
  );

  it.each(["snapshot-docs-proposals.json", "snapshot-docs-proposal.json"])(
    "reads the documented answer %s: one closed proposal of yam.eth, no scores",
    async (name) => {
      // `jq '.data.proposals | length'` → 1 (the `...` placeholder left out); jq '.data.proposal.id' likewise.
      const { records, problems } = await parse(createReadStream(fixture(name)));
      expect(problems).toEqual([]);
      expect(records).toHaveLength(1);
      expect(records[0]).toMatchObject({
        feed: "snapshot",
        external_id: "QmWbpCtwdLzxuLKnMW4Vv4MPFd2pdPX71YBKPasfZxqLUS",
        space: "yam.eth",
        title: "Select Initial Umbrella Metapool",
        state: "closed",
        // 1620676800 and 1620806400 s: 2021-05-10T20:00Z and 2021-05-12T08:00Z.
        start_at: Date.parse("2021-05-10T20:00:00Z"),
        end_at: Date.parse("2021-05-12T08:00:00Z"),
        snapshot_block: "12408670",
        scores: [],
        scores_total: null,
        votes: null,
        quorum: null,
      });
      expect(records[0]?.choices).toHaveLength(3);
    },
  );

  it("reads the plain array: scores, votes, and a quorum of 0 as none", async () => {
    // `jq 'length'` → 6; `jq '[.[] | .state] | group_by(.) | map({(.[0]): length}) | add'` → closed 5, active 1.
    const { records, problems } = await parse(createReadStream(fixture("proposals-array.json")));
    expect(problems).toEqual([]);
    expect(records.map((r) => [r.external_id, r.state, r.scores_total, r.votes, r.quorum])).toEqual([
      ["0x01", "closed", 1000, 40, 500],
      ["0x02", "closed", 2100, 90, 500],
      ["0x03", "closed", 400, 12, 500],
      ["0x04", "active", 170, 9, 500],
      ["0x05", "closed", 950, 30, 500],
      ["0x06", "closed", 100, 50, null],
    ]);
    expect(records[5]?.space).toBe("grants.northwind.eth");
  });

  it("names the line and the reason of a proposal it cannot read", async () => {
    const json = `[
  {"id": "0xa", "title": "A", "space": {"id": "s.eth"}, "state": "closed", "start": 100, "end": 50,
   "choices": ["For", "Against"], "scores": [1]},
  {"id": "0xb", "title": "B", "space": {"id": "s.eth"}, "state": "queued", "start": "soon", "end": 200,
   "choices": ["For"]}
]`;
    expect((await parse(Readable.from([json]))).problems).toEqual([
      { line: 2, problem: "end is before start; scores: 1 scores for 2 choices" },
      {
        line: 4,
        problem:
          'state: "queued" is not one of pending, active, closed; start: expected a Unix time in seconds',
      },
    ]);
  });

  it("refuses a GraphQL error answer, and a document without proposals", async () => {
    await expect(
      parse(Readable.from(['{"errors": [{"message": "Unknown argument \\"spaces\\""}]}'])),
    ).rejects.toThrow('proposals.json:1: a GraphQL error answer, not proposals: Unknown argument "spaces"');
    await expect(parse(Readable.from(['{"data": {"votes": []}}']))).rejects.toThrow(
      "proposals.json:1: expected data.proposals",
    );
  });
});
