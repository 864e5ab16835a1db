import { createReadStream, readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseItems } from "../../test-support/parse-items.ts";
import { detectImporter } from "../registry.ts";
import { snapshotVotesJson } from "./snapshot-votes.ts";

const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));
const parse = (input: Readable) => parseItems(snapshotVotesJson, input, { file: "votes.json" });
const detected = (name: string) =>
  detectImporter({ name, head: readFileSync(fixture(name), "utf8").slice(0, 4096) }).id;

describe("Snapshot votes (hub GraphQL JSON)", () => {
  it.each(["snapshot-docs-votes.json", "votes-array.json"])("detects %s from its content", (name) =>
    expect(detected(name)).toBe("snapshot-votes-json"),
  );

  it("reads the documented answer: two votes for choice 1, no voting power", async () => {
    // jq '.data.votes | length' → 2; jq '[.data.votes[].choice]' → [1, 1]; no vp key.
    const { records, problems } = await parse(createReadStream(fixture("snapshot-docs-votes.json")));
    expect(problems).toEqual([]);
    expect(records.map((r) => [r.external_id, r.space, r.choice_index, r.vp, r.created_at])).toEqual([
      [
        "QmPvbwguLfcVryzBRrbY4Pb9bCtxURagdv1XjhtFLf3wHj:0x96176c25803ce4cf046aa74895646d8514ea1611",
        "spookyswap.eth",
        0,
        null,
        1_621_183_227_000,
      ],
      [
        "QmPvbwguLfcVryzBRrbY4Pb9bCtxURagdv1XjhtFLf3wHj:0x2686ead94c5042e56a41edde6533711a4303cc52",
        "spookyswap.eth",
        0,
        null,
        1_621_181_827_000,
      ],
    ]);
  });

  it("keeps a weighted vote's choice whole, with no single chosen index", async () => {
    const { records } = await parse(createReadStream(fixture("votes-array.json")));
    expect(records.map((r) => [r.proposal_id, r.choice_index, r.vp])).toEqual([
      ["QmWbpCtwdLzxuLKnMW4Vv4MPFd2pdPX71YBKPasfZxqLUS", 0, 100],
      ["QmWbpCtwdLzxuLKnMW4Vv4MPFd2pdPX71YBKPasfZxqLUS", 1, 50],
      ["QmWbpCtwdLzxuLKnMW4Vv4MPFd2pdPX71YBKPasfZxqLUS", 0, 25],
      ["0x06", null, 12.5],
    ]);
    expect(records[3]?.choice).toEqual({ "1": 2, "2": 1 });
  });

  it("names the line and the reason of a vote it cannot read", async () => {
    const json = `[
  {"voter": "0xa", "created": 1, "proposal": {"id": "p"}, "choice": 0},
  {"voter": "0xb", "created": "yesterday", "choice": "For", "vp": -1}
]`;
    expect((await parse(Readable.from([json]))).problems).toEqual([
      { line: 2, problem: "choice: expected a 1-based choice index" },
      {
        line: 3,
        problem:
          "proposal.id is required; created: expected a Unix time in seconds; vp: expected a voting power of 0 or more; choice: expected a choice index, a list or an index → weight object",
      },
    ]);
  });

  it("refuses a GraphQL error answer, and another query's answer", async () => {
    await expect(parse(Readable.from(['{"errors": [{"message": "Too many requests"}]}']))).rejects.toThrow(
      "votes.json:1: a GraphQL error answer, not votes: Too many requests",
    );
    await expect(parse(Readable.from(['{"data": {"proposals": []}}']))).rejects.toThrow(
      "votes.json:1: expected data.votes",
    );
  });
});
