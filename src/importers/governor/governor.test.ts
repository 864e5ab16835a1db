import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import type { GovernanceProposal } from "../../domains/governance/records.ts";
import { parseItems } from "../../test-support/parse-items.ts";
import type { RecordItem } from "../importer.ts";
import { detectImporter } from "../registry.ts";
import { governorLogs } from "./governor.ts";
import { GOVERNOR_TOPICS } from "./governor-events.ts";

const FIXTURE = "compound-bravo-etherscan-logs.json";
const text = readFileSync(new URL(`fixtures/${FIXTURE}`, import.meta.url), "utf8");
const GOVERNOR = "0xc0da02939e1441f497fd74f78ce7decb17b66529";
const id = (proposal: number) => `ethereum:${GOVERNOR}:${proposal}`;

const parse = (input: string, target?: string) =>
  parseItems(governorLogs, Readable.from([input]), { file: "logs.json", ...(target ? { target } : {}) });

async function leftOut(input: string) {
  const items: RecordItem<GovernanceProposal>[] = [];
  for await (const item of governorLogs.parse(Readable.from([input]), { timezone: "UTC", file: "logs.json" }))
    items.push(item);
  return items.flatMap((item) => ("leftOut" in item ? [item] : []));
}

// Hand-made logs for the edge cases the Compound export lacks, ABI-encoded word by word.
const TOPIC = Object.fromEntries([...GOVERNOR_TOPICS].map(([topic, name]) => [name, topic]));
const word = (value: number | bigint) => BigInt(value).toString(16).padStart(64, "0");
const address = (hex: string) => hex.slice(2).padStart(64, "0");
const text32 = (value: string) => {
  const bytes = Buffer.from(value).toString("hex");
  return word(value.length) + bytes.padEnd(Math.ceil(bytes.length / 64) * 64 || 64, "0");
};
const PROPOSER = "0x00000000000000000000000000000000000000aa";
const VOTER = "0x00000000000000000000000000000000000000bb";
const created = (proposal: number, start: number, end: number, description: string) =>
  `0x${[word(proposal), address(PROPOSER), word(0x120), word(0x140), word(0x160), word(0x180), word(start), word(end), word(0x1a0)].join("")}${word(0).repeat(4)}${text32(description)}`;
const vote = (proposal: number, support: number, weight: bigint) =>
  `0x${word(proposal)}${word(support)}${word(weight)}${word(0x80)}${word(0)}`;
const withParams = (proposal: number, support: number, weight: bigint) =>
  `0x${word(proposal)}${word(support)}${word(weight)}${word(0xa0)}${word(0xc0)}${word(0)}${word(0)}`;
const log = (topics: string[], data: string, block: number, time: number, extra: object = {}) => ({
  address: "0x00000000000000000000000000000000000000c0",
  topics,
  data,
  blockNumber: `0x${block.toString(16)}`,
  timeStamp: `0x${time.toString(16)}`,
  ...extra,
});
const TOKEN = 10n ** 18n;

describe("Governor contract event logs", () => {
  it("hashes the events to the topics the chain uses", () => {
    // As published by Etherscan and OpenZeppelin's own subgraph for these signatures.
    expect(TOPIC).toEqual({
      ProposalCreated: "0x7d84a6263ae0d98d3329bd7b46bb4e8d6f98cd35a7adb45c274c8b7fd5ebd5e0",
      VoteCast: "0xb8e138887d0aa13bab447e82de9d5c1777041ecd21ca36ba824ff1e6c07ddda4",
      VoteCastWithParams: "0xe2babfbac5889a709b63bb7f598b324e08bc5a4fb9ec647fb3cbc9ec07eb8712",
      ProposalQueued: "0x9a2e42fd6722813d69113e7d0079d3d940171428df7373df9c7f7617cfda2892",
      ProposalExecuted: "0x712ae1383f79ac853f8d882153778e0260ef8f03b504e2866e0593e04d2b291f",
      ProposalCanceled: "0x789cf55be980739dad1d0699b93b58e806b51c9d96619bfa8fe0a28abaa7b30c",
    });
  });

  it("detects an Etherscan getLogs answer of a Governor from its content", () => {
    expect(detectImporter({ name: FIXTURE, head: text.slice(0, 4096) }).id).toBe("governor-logs");
  });

  it("gathers the Compound export into proposals 72 to 82, tallied per support", async () => {
    // jq '[.result[] | select(.topics[0] == "0x7d84…")] | length' → 11 ProposalCreated (72 to 82).
    // Votes, distinct voters and weights (÷ 1e18) summed per proposal and support over the source CSV's
    // VoteCast rows (python: group by proposalId, support); 82's vote starts after the export's last block.
    const { records, problems } = await parse(text);
    expect(problems).toEqual([]);
    expect(
      records.map((r) => [r.external_id, r.state, r.votes, r.scores.map((score) => Math.round(score))]),
    ).toEqual([
      [id(72), "closed", 10, [0, 1_045_592, 0]],
      [id(73), "closed", 15, [108_741, 703_358, 0]],
      [id(74), "closed", 16, [0, 907_168, 0]],
      [id(75), "closed", 4, [3_532, 0, 0]],
      [id(76), "closed", 20, [3_268, 1_370_068, 0]],
      [id(77), "closed", 9, [3_532, 171_628, 0]],
      [id(78), "closed", 8, [0, 198_427, 0]],
      [id(79), "closed", 7, [0, 433_552, 0]],
      [id(80), "closed", 2, [375_984, 0, 0]],
      [id(81), "closed", 4, [55_000, 405_976, 0]],
      [id(82), "pending", 0, [0, 0, 0]],
    ]);
    expect(records[0]?.scores_total).toBeCloseTo(1_045_592.196_244_642, 6);
    expect(records[0]).toMatchObject({
      feed: "governor",
      space: `ethereum:${GOVERNOR}`,
      title: "Risk Parameter Updates for WBTC, UNI, and COMP",
      author: "0x683a4f9915d6216f73d6df50151725036bd26c02",
      choices: ["Against", "For", "Abstain"],
      snapshot_block: "13730805",
      quorum: null,
    });
  });

  it("dates the queue, execution and cancellation by their blocks, the vote's ends by the export's block time", async () => {
    // Block time over the export: (1642517912 − 1638314351) s ÷ (14030172 − 13717665) blocks = 13.4511 s.
    // 72 ends at block 13750515; the nearest logged block is 13750444 (a vote at 2021-12-06T05:24:08Z):
    // + 71 × 13.4511 s = 955 s → 05:40:03. Its start, block 13730805: nearest 13717665 (its creation,
    // 2021-11-30T23:19:11Z) + 13140 × 13.4511 s = 176 748 s → 2021-12-03T02:18:05Z.
    const { records } = await parse(text);
    const at = (proposal: number) => records.find((r) => r.external_id === id(proposal));
    const iso = (ms: number | null | undefined) => (ms == null ? null : new Date(ms).toISOString());
    const seventyTwo = at(72);
    expect([iso(seventyTwo?.start_at), iso(seventyTwo?.end_at)]).toEqual([
      "2021-12-03T02:18:05.000Z",
      "2021-12-06T05:40:03.000Z",
    ]);
    expect([iso(seventyTwo?.queued_at), iso(seventyTwo?.executed_at), seventyTwo?.canceled_at]).toEqual([
      "2021-12-06T10:28:28.000Z",
      "2021-12-08T16:09:50.000Z",
      null,
    ]);
    const seventyNine = at(79);
    expect([iso(seventyNine?.queued_at), seventyNine?.executed_at, iso(seventyNine?.canceled_at)]).toEqual([
      "2022-01-09T02:08:06.000Z",
      null,
      "2022-01-11T17:29:49.000Z",
    ]);
  });

  it("reads the same logs from eth_getLogs (blockTimestamp) and from a plain array (cast logs --json)", async () => {
    const logs = (JSON.parse(text) as { result: Record<string, unknown>[] }).result.map(
      ({ timeStamp, ...rest }) => ({ ...rest, blockTimestamp: timeStamp, removed: false }),
    );
    const expected = (await parse(text)).records;
    const rpc = await parse(JSON.stringify({ jsonrpc: "2.0", id: 1, result: logs }, null, 2));
    expect(rpc.records).toEqual(expected);
    expect((await parse(JSON.stringify(logs))).records).toEqual(expected);
  });

  it("names the chain from --target, and reads VoteCastWithParams and a timestamp-clock Governor", async () => {
    // An OpenZeppelin Governor counting time: voteStart and voteEnd are Unix times, taken as they are.
    const start = 1_790_000_000;
    const json = JSON.stringify([
      log(
        [TOPIC.ProposalCreated as string],
        created(7, start, start + 86_400, "# Pause the bridge\nbody"),
        100,
        start - 60,
      ),
      log(
        [TOPIC.VoteCastWithParams as string, `0x${address(VOTER)}`],
        withParams(7, 1, 5n * TOKEN),
        200,
        start + 600,
      ),
      log([TOPIC.ProposalQueued as string], `0x${word(7)}${word(start + 90_000)}`, 300, start + 87_000),
    ]);
    const { records, problems } = await parse(json, "arbitrum");
    expect(problems).toEqual([]);
    expect(records[0]).toMatchObject({
      external_id: "arbitrum:0x00000000000000000000000000000000000000c0:7",
      title: "Pause the bridge",
      state: "closed",
      start_at: start * 1000,
      end_at: (start + 86_400) * 1000,
      snapshot_block: null,
      scores: [0, 5, 0],
      votes: 1,
      queued_at: (start + 87_000) * 1000,
    });
  });

  it("names the line and the reason of a log it cannot read, and leaves out the others", async () => {
    const json = `[
  ${JSON.stringify(log([TOPIC.VoteCast as string, `0x${address(VOTER)}`], vote(9, 255, TOKEN), 10, 1_000))},
  ${JSON.stringify(log([TOPIC.ProposalExecuted as string], "0x12", 10, 1_000))},
  ${JSON.stringify({ ...log([TOPIC.ProposalExecuted as string], `0x${word(9)}`, 11, 1_012), timeStamp: undefined })},
  ${JSON.stringify(log(["0x0d3648bd0f6ba80134a33ba9275ac585d9d315f0ad8355cddefde31afa28d0e9"], "0x", 12, 1_024))},
  ${JSON.stringify(log([TOPIC.ProposalCanceled as string], `0x${word(9)}`, 13, 1_036, { removed: true }))},
  ${JSON.stringify(log([TOPIC.ProposalCanceled as string], `0x${word(4)}`, 14, 1_048))}
]`;
    expect((await parse(json)).problems).toEqual([
      { line: 2, problem: "support 255: not Against (0), For (1) or Abstain (2)" },
      { line: 3, problem: "data: 1 bytes, too short for the word at byte 0" },
      {
        line: 4,
        problem: "timeStamp (Etherscan) or blockTimestamp (JSON-RPC): expected the block's Unix time",
      },
    ]);
    expect(await leftOut(json)).toEqual([
      {
        line: 5,
        leftOut:
          "topic0 0x0d3648bd0f6ba80134a33ba9275ac585d9d315f0ad8355cddefde31afa28d0e9 is not a Governor proposal event",
      },
      { line: 6, leftOut: "a log removed by a reorganisation" },
      {
        line: 7,
        leftOut:
          "proposal 4 of 0x00000000000000000000000000000000000000c0: its ProposalCreated is not in the file, so its vote cannot be placed (export the logs from its creation on)",
      },
    ]);
  });

  it("refuses an error answer, and a document without logs", async () => {
    await expect(
      parse('{"status": "0", "message": "NOTOK", "result": "Max rate limit reached"}'),
    ).rejects.toThrow("logs.json:1: an Etherscan error answer, not logs: NOTOK: Max rate limit reached");
    await expect(
      parse(
        '{"jsonrpc": "2.0", "id": 1, "error": {"code": -32005, "message": "query returned more than 10000 results"}}',
      ),
    ).rejects.toThrow(
      "logs.json:1: a JSON-RPC error answer, not logs: query returned more than 10000 results",
    );
    await expect(parse('{"data": {"proposals": []}}')).rejects.toThrow("logs.json:1: expected result");
  });
});
