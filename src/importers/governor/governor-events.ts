import { topicOf } from "../../model/solidity-hashes.ts";

/**
 * The proposal events of an OpenZeppelin Governor or a Compound
 * GovernorBravo (the two share these signatures), decoded from a log's
 * topics and data with the contracts' ABI: what a proposal's turnout,
 * outcome and execution are made of. The actions a proposal calls
 * (targets, values, calldatas) are not kept.
 */
export type GovernorEvent =
  | {
      name: "ProposalCreated";
      proposalId: string;
      proposer: string;
      voteStart: number;
      voteEnd: number;
      description: string;
    }
  | { name: "VoteCast"; proposalId: string; voter: string; support: number; weight: bigint }
  | { name: "ProposalQueued" | "ProposalExecuted" | "ProposalCanceled"; proposalId: string };

const SIGNATURES = {
  ProposalCreated:
    "ProposalCreated(uint256,address,address[],uint256[],string[],bytes[],uint256,uint256,string)",
  VoteCast: "VoteCast(address,uint256,uint8,uint256,string)",
  VoteCastWithParams: "VoteCastWithParams(address,uint256,uint8,uint256,string,bytes)",
  ProposalQueued: "ProposalQueued(uint256,uint256)",
  ProposalExecuted: "ProposalExecuted(uint256)",
  ProposalCanceled: "ProposalCanceled(uint256)",
} as const;

type EventName = keyof typeof SIGNATURES;

/** topic0 → the event it announces. */
export const GOVERNOR_TOPICS: ReadonlyMap<string, EventName> = new Map(
  (Object.keys(SIGNATURES) as EventName[]).map((name) => [topicOf(SIGNATURES[name]), name]),
);

/** The 32-byte words of a log's data, read as the ABI lays them out; throws on data too short for what is read. */
class AbiWords {
  private readonly bytes: Buffer;

  constructor(hex: string) {
    if (!/^0x([0-9a-f]{2})*$/i.test(hex)) throw new Error("data: expected 0x-prefixed hex bytes");
    this.bytes = Buffer.from(hex.slice(2), "hex");
  }

  uint(index: number): bigint {
    return this.uintAt(index * 32);
  }

  address(index: number): string {
    return `0x${(this.uint(index) & ((1n << 160n) - 1n)).toString(16).padStart(40, "0")}`;
  }

  /** A string whose offset (from the start of the data) is the word at `index`. */
  string(index: number): string {
    const offset = Number(this.uint(index));
    const length = Number(this.uintAt(offset));
    const start = offset + 32;
    if (start + length > this.bytes.length)
      throw new Error(`data: a string of ${length} bytes runs past the end`);
    return this.bytes.subarray(start, start + length).toString("utf8");
  }

  private uintAt(offset: number): bigint {
    if (offset + 32 > this.bytes.length)
      throw new Error(`data: ${this.bytes.length} bytes, too short for the word at byte ${offset}`);
    return BigInt(`0x${this.bytes.subarray(offset, offset + 32).toString("hex")}`);
  }
}

/** A block number or a Unix time as a number; both stay far below 2^53. */
function small(value: bigint, what: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`${what}: ${value} is out of range`);
  return Number(value);
}

/**
 * The Governor proposal event of a log, or null when its topic0 is none of
 * them (another event of the contract). Throws, saying why, on a log that
 * claims such an event but does not hold one.
 */
export function decodeGovernorLog(topics: readonly string[], data: string): GovernorEvent | null {
  const name = GOVERNOR_TOPICS.get(topics[0]?.toLowerCase() ?? "");
  if (name === undefined) return null;
  const words = new AbiWords(data);
  const proposalId = words.uint(0).toString();
  switch (name) {
    case "ProposalCreated":
      return {
        name,
        proposalId,
        proposer: words.address(1),
        voteStart: small(words.uint(6), "voteStart"),
        voteEnd: small(words.uint(7), "voteEnd"),
        description: words.string(8),
      };
    case "VoteCast":
    case "VoteCastWithParams": {
      const voter = topics[1];
      if (voter === undefined || !/^0x[0-9a-f]{64}$/i.test(voter))
        throw new Error(`${name}: topics[1] (the voter) is missing`);
      return {
        name: "VoteCast",
        proposalId,
        voter: `0x${voter.slice(-40).toLowerCase()}`,
        support: small(words.uint(1), "support"),
        weight: words.uint(2),
      };
    }
    default:
      return { name, proposalId };
  }
}
