/**
 * Northwind's protocol governance for the demo: the Snapshot proposals of
 * its space from July to October 2026, saved as the hub's GraphQL API
 * answers them, and the configuration that says what turnout is measured
 * against and when the passed security proposals were executed. No
 * randomness.
 *
 * The storyline: turnout holds around a third of the voting power; the
 * August emergency pause is executed within half a day, the September
 * timelock change after four days, the October bug bounty after a day and
 * a half, while the guardian rotation voted at the end of October still
 * waits. A marketing budget misses its quorum.
 *
 * Since September the protocol's upgrades also go through its on-chain
 * Governor, whose event logs are saved as Etherscan's getLogs answers them:
 * the bridge guardian keys are rotated two days after the vote, a treasury
 * cap misses the Governor's quorum, and the October emergency pause waits
 * in the timelock at the end of the month.
 */
import { topicOf } from "../src/model/solidity-hashes.ts";
import type { DemoFile } from "./demo-operations.ts";

const SPACE = "northwind-protocol.eth";
const AUTHOR = "0x5B38Da6a701c568545dCfcB03FcB875f56beddC4";
const FOR_AGAINST_ABSTAIN = ["For", "Against", "Abstain"];

interface DemoProposal {
  id: string;
  title: string;
  body: string;
  start: string;
  end: string;
  state: "active" | "closed";
  scores: [number, number, number];
  votes: number;
}

const PROPOSALS: readonly DemoProposal[] = [
  {
    id: "0x7a1e0c6b2f4d49a1b3c5d7e9f1a3b5c7d9e1f3a5b7c9d1e3f5a7b9c1d3e5f701",
    title: "NIP-1: Set the bridge fee to 5 bps",
    body: "Lower the bridge fee from 8 to 5 basis points to match the other routes.",
    start: "2026-07-07T18:00:00Z",
    end: "2026-07-12T18:00:00Z",
    state: "closed",
    scores: [1_200_000, 300_000, 50_000],
    votes: 180,
  },
  {
    id: "0x7a1e0c6b2f4d49a1b3c5d7e9f1a3b5c7d9e1f3a5b7c9d1e3f5a7b9c1d3e5f702",
    title: "NIP-2: Emergency pause of the bridge",
    body: "The audit of the message verifier found that a retired guardian key still signs. Pause deposits until it is removed.",
    start: "2026-08-05T18:00:00Z",
    end: "2026-08-06T18:00:00Z",
    state: "closed",
    scores: [2_100_000, 40_000, 10_000],
    votes: 260,
  },
  {
    id: "0x7a1e0c6b2f4d49a1b3c5d7e9f1a3b5c7d9e1f3a5b7c9d1e3f5a7b9c1d3e5f703",
    title: "NIP-3: Treasury grant for the wallet team",
    body: "Grant 250k USDC to the wallet team for the next two quarters.",
    start: "2026-08-15T18:00:00Z",
    end: "2026-08-20T18:00:00Z",
    state: "closed",
    scores: [600_000, 700_000, 0],
    votes: 140,
  },
  {
    id: "0x7a1e0c6b2f4d49a1b3c5d7e9f1a3b5c7d9e1f3a5b7c9d1e3f5a7b9c1d3e5f704",
    title: "NIP-4: Lengthen the upgrade timelock to 48 hours",
    body: "Give users two days to exit before a contract upgrade applies.",
    start: "2026-09-05T18:00:00Z",
    end: "2026-09-10T18:00:00Z",
    state: "closed",
    scores: [1_800_000, 200_000, 100_000],
    votes: 230,
  },
  {
    id: "0x7a1e0c6b2f4d49a1b3c5d7e9f1a3b5c7d9e1f3a5b7c9d1e3f5a7b9c1d3e5f705",
    title: "NIP-5: List wstETH as collateral",
    body: "Add wstETH to the collateral list with a 75% loan-to-value.",
    start: "2026-09-19T18:00:00Z",
    end: "2026-09-24T18:00:00Z",
    state: "closed",
    scores: [900_000, 100_000, 0],
    votes: 120,
  },
  {
    id: "0x7a1e0c6b2f4d49a1b3c5d7e9f1a3b5c7d9e1f3a5b7c9d1e3f5a7b9c1d3e5f706",
    title: "NIP-6: Fund a bug bounty of 500k USDC",
    body: "Top up the program's critical reward to 500k USDC.",
    start: "2026-10-03T18:00:00Z",
    end: "2026-10-08T18:00:00Z",
    state: "closed",
    scores: [1_500_000, 250_000, 50_000],
    votes: 210,
  },
  {
    id: "0x7a1e0c6b2f4d49a1b3c5d7e9f1a3b5c7d9e1f3a5b7c9d1e3f5a7b9c1d3e5f707",
    title: "NIP-7: Rotate the guardian multisig signers",
    body: "Replace the two signers whose keys were held on the same provider.",
    start: "2026-10-17T18:00:00Z",
    end: "2026-10-22T18:00:00Z",
    state: "closed",
    scores: [2_400_000, 0, 100_000],
    votes: 300,
  },
  {
    id: "0x7a1e0c6b2f4d49a1b3c5d7e9f1a3b5c7d9e1f3a5b7c9d1e3f5a7b9c1d3e5f708",
    title: "NIP-8: Marketing budget for Q1",
    body: "Fund conference sponsorships in the first quarter.",
    start: "2026-10-24T18:00:00Z",
    end: "2026-10-29T18:00:00Z",
    state: "closed",
    scores: [400_000, 350_000, 50_000],
    votes: 90,
  },
  {
    id: "0x7a1e0c6b2f4d49a1b3c5d7e9f1a3b5c7d9e1f3a5b7c9d1e3f5a7b9c1d3e5f709",
    title: "NIP-9: Shorten the oracle heartbeat",
    body: "Update prices every 30 minutes instead of every hour.",
    start: "2026-10-31T18:00:00Z",
    end: "2026-11-05T18:00:00Z",
    state: "active",
    scores: [300_000, 20_000, 0],
    votes: 40,
  },
];

/** The space's proposals as `{"data": {"proposals": [...]}}`, newest first as the hub orders them. */
export function snapshotProposalsJson(): DemoFile {
  const seconds = (iso: string) => Date.parse(iso) / 1000;
  const proposals = [...PROPOSALS].reverse().map((p) => ({
    id: p.id,
    title: p.title,
    body: p.body,
    choices: FOR_AGAINST_ABSTAIN,
    start: seconds(p.start),
    end: seconds(p.end),
    snapshot: String(20_300_000 + PROPOSALS.indexOf(p) * 50_000),
    state: p.state,
    author: AUTHOR,
    space: { id: SPACE },
    scores: p.scores,
    scores_total: p.scores[0] + p.scores[1] + p.scores[2],
    votes: p.votes,
    quorum: 1_000_000,
  }));
  return { name: "snapshot-proposals.json", text: `${JSON.stringify({ data: { proposals } }, null, 2)}\n` };
}

/** Northwind's Governor on Ethereum: blocks every 12 s from block 23 000 000 at 2026-09-01T00:00Z. */
const GOVERNOR = "0x9d2c1f3a0b7e5d4c8a6f2e1b3c5d7e9f0a1b2c3d";
const GOVERNOR_SPACE = `ethereum:${GOVERNOR}`;
const FIRST_BLOCK = 23_000_000;
const FIRST_BLOCK_AT = Date.parse("2026-09-01T00:00:00Z") / 1000;
const blockAt = (iso: string) => FIRST_BLOCK + (Date.parse(iso) / 1000 - FIRST_BLOCK_AT) / 12;

interface DemoGovernorProposal {
  id: number;
  description: string;
  created: string;
  start: string;
  end: string;
  /** [voter's last hex digit, support (0 against, 1 for, 2 abstain), whole tokens, when]. */
  votes: [string, number, number, string][];
  queued?: string;
  executed?: string;
}

const GOVERNOR_PROPOSALS: readonly DemoGovernorProposal[] = [
  {
    id: 10,
    description:
      "# NIP-10: Rotate the bridge guardian keys\nTwo guardian keys were held by the same custody provider.",
    created: "2026-09-14T00:00:00Z",
    start: "2026-09-15T00:00:00Z",
    end: "2026-09-18T00:00:00Z",
    votes: [
      ["1", 1, 1_600_000, "2026-09-15T09:00:00Z"],
      ["2", 1, 900_000, "2026-09-16T14:00:00Z"],
      ["3", 0, 100_000, "2026-09-17T10:00:00Z"],
    ],
    queued: "2026-09-18T06:00:00Z",
    executed: "2026-09-20T06:00:00Z",
  },
  {
    id: 11,
    description:
      "# NIP-11: Raise the treasury diversification cap\nAllow up to 40% of the treasury in stablecoins.",
    created: "2026-10-05T00:00:00Z",
    start: "2026-10-06T00:00:00Z",
    end: "2026-10-09T00:00:00Z",
    votes: [
      ["4", 1, 300_000, "2026-10-06T12:00:00Z"],
      ["5", 0, 500_000, "2026-10-07T12:00:00Z"],
    ],
  },
  {
    id: 12,
    description:
      "# NIP-12: Emergency pause of the lending market\nPause borrowing until the oracle fix is deployed.",
    created: "2026-10-26T00:00:00Z",
    start: "2026-10-27T00:00:00Z",
    end: "2026-10-30T00:00:00Z",
    votes: [
      ["1", 1, 1_600_000, "2026-10-27T08:00:00Z"],
      ["6", 1, 400_000, "2026-10-28T08:00:00Z"],
    ],
    queued: "2026-10-30T02:00:00Z",
  },
];

const TOPICS = {
  created: topicOf(
    "ProposalCreated(uint256,address,address[],uint256[],string[],bytes[],uint256,uint256,string)",
  ),
  vote: topicOf("VoteCast(address,uint256,uint8,uint256,string)"),
  queued: topicOf("ProposalQueued(uint256,uint256)"),
  executed: topicOf("ProposalExecuted(uint256)"),
};
const word = (value: number | bigint) => BigInt(value).toString(16).padStart(64, "0");
const addressWord = (hex: string) => hex.slice(2).padStart(64, "0");
function stringWords(text: string): string {
  const bytes = Buffer.from(text).toString("hex");
  return word(bytes.length / 2) + bytes.padEnd(Math.ceil(bytes.length / 64) * 64, "0");
}

/** One proposal's ProposalCreated data: no actions (empty arrays), then its description. */
function createdData(proposal: DemoGovernorProposal): string {
  const head = [
    proposal.id,
    BigInt(AUTHOR),
    0x120,
    0x140,
    0x160,
    0x180,
    blockAt(proposal.start),
    blockAt(proposal.end),
    0x1a0,
  ];
  return `0x${head.map(word).join("")}${word(0).repeat(4)}${stringWords(proposal.description)}`;
}

function governorLog(topics: string[], data: string, at: string, index: number) {
  return {
    address: GOVERNOR,
    topics,
    data,
    blockNumber: `0x${blockAt(at).toString(16)}`,
    timeStamp: `0x${(Date.parse(at) / 1000).toString(16)}`,
    logIndex: `0x${index.toString(16)}`,
    transactionHash: `0x${word(Date.parse(at) / 1000)}`,
  };
}

/** The Governor's proposal events as Etherscan's `getLogs` answers them, in block order. */
export function governorLogsJson(): DemoFile {
  const events: { at: string; topics: string[]; data: string }[] = [];
  for (const proposal of GOVERNOR_PROPOSALS) {
    events.push({ at: proposal.created, topics: [TOPICS.created], data: createdData(proposal) });
    for (const [voter, support, tokens, at] of proposal.votes)
      events.push({
        at,
        topics: [TOPICS.vote, `0x${addressWord(`0x${voter.repeat(40)}`)}`],
        data: `0x${word(proposal.id)}${word(support)}${word(BigInt(tokens) * 10n ** 18n)}${word(0x80)}${word(0)}`,
      });
    if (proposal.queued) {
      const eta = Date.parse(proposal.queued) / 1000 + 2 * 86_400;
      events.push({
        at: proposal.queued,
        topics: [TOPICS.queued],
        data: `0x${word(proposal.id)}${word(eta)}`,
      });
    }
    if (proposal.executed)
      events.push({ at: proposal.executed, topics: [TOPICS.executed], data: `0x${word(proposal.id)}` });
  }
  events.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const result = events.map((event, index) => governorLog(event.topics, event.data, event.at, index));
  return {
    name: "governor-logs.json",
    text: `${JSON.stringify({ status: "1", message: "OK", result }, null, 2)}\n`,
  };
}

const executed = (index: number, at: string) => `    "${PROPOSALS[index - 1]?.id}": ${at}`;

/** The space's voting power, the Governor's and its quorum, and when the passed Snapshot security proposals were executed by the timelock. */
export const GOVERNANCE_CONFIG = `governance:
  spaces:
    ${SPACE}: { total_voting_power: 5000000 }
    "${GOVERNOR_SPACE}": { total_voting_power: 5000000, quorum: 1000000 }
  executions:
${executed(2, "2026-08-07T06:00:00Z")}
${executed(4, "2026-09-14T18:00:00Z")}
${executed(6, "2026-10-10T06:00:00Z")}
`;

/** Names kept out of the public post-mortems the demo publishes. */
export const PUBLIC_POSTMORTEMS_CONFIG = `public_postmortems:
  redact_names: [identity-team]
`;
