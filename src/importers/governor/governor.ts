import type { GovernanceProposal, ProposalState } from "../../domains/governance/records.ts";
import { InvalidInputError } from "../../model/errors.ts";
import { defineImporter } from "../define-importer.ts";
import type { Importer, RecordItem } from "../importer.ts";
import { field, isObject, type Json, list, str, texts } from "../shared/fields.ts";
import { LineFinder } from "../shared/line-finder.ts";
import { jsonDocument } from "../shared/readers.ts";
import { BlockClock } from "./block-clock.ts";
import { decodeGovernorLog, GOVERNOR_TOPICS, type GovernorEvent } from "./governor-events.ts";

const FEED = "governor";
/** The chain when `--target` names none: the logs themselves do not say. */
const DEFAULT_CHAIN = "ethereum";
/** Governor's simple counting: support 0, 1, 2. */
const CHOICES = ["Against", "For", "Abstain"];
/** Voting power is counted in whole tokens: the governance tokens of Compound, Uniswap, ENS… have 18 decimals. */
const TOKEN_DECIMALS = 18n;
/** A vote start this close to the proposal's creation time is a Unix time, not a block (a timestamp-clock Governor). */
const TIMESTAMP_CLOCK_WINDOW = 400 * 86_400;

/**
 * The logs of a saved answer: Etherscan's `getLogs` (`{"status", "message",
 * "result": [...]}`), a JSON-RPC `eth_getLogs` answer (`{"jsonrpc",
 * "result": [...]}`), or the logs as a plain array (`cast logs --json`).
 */
function logsOf(document: unknown, file: string): unknown[] {
  if (Array.isArray(document)) return document;
  const refuse = (reason: string) => new InvalidInputError(file, [{ line: 1, reason }]);
  const error = field(document, "error");
  if (error !== undefined)
    throw refuse(`a JSON-RPC error answer, not logs: ${str(error, "message") ?? JSON.stringify(error)}`);
  const result = field(document, "result");
  if (Array.isArray(result)) return result;
  if (str(document, "status") === "0")
    throw refuse(`an Etherscan error answer, not logs: ${str(document, "message")}: ${str(result) ?? ""}`);
  throw refuse(
    "expected result (a list of logs), as Etherscan's getLogs or eth_getLogs answer, or a JSON array of logs",
  );
}

/** A hex (`0x…`) or decimal quantity, as the APIs write block numbers, times and indexes. */
function quantity(value: unknown): number | null {
  const text = str(value);
  if (text === null || !/^(0x[0-9a-f]+|\d+)$/i.test(text)) return null;
  return Number(text);
}

interface ReadLog {
  line: number;
  address: string;
  block: number;
  /** Unix seconds. */
  time: number;
  event: GovernorEvent;
}

interface Vote {
  support: number;
  weight: bigint;
}

/** One proposal's events, gathered over the file. */
interface Gathered {
  created?: ReadLog & { event: Extract<GovernorEvent, { name: "ProposalCreated" }> };
  votes: Map<string, Vote>;
  queued?: number;
  executed?: number;
  canceled?: number;
  firstLine: number;
}

function readLog(item: Json, line: number): ReadLog | { problem: string } | { leftOut: string } | null {
  if (item.removed === true) return { leftOut: "a log removed by a reorganisation" };
  const topics = texts(item, "topics");
  if (!GOVERNOR_TOPICS.has(topics[0]?.toLowerCase() ?? ""))
    return { leftOut: `topic0 ${topics[0] ?? "(none)"} is not a Governor proposal event` };
  const problems: string[] = [];
  const address = str(item, "address")?.toLowerCase() ?? null;
  if (address === null || !/^0x[0-9a-f]{40}$/.test(address))
    problems.push("address: expected the Governor's address");
  const block = quantity(item.blockNumber);
  if (block === null) problems.push("blockNumber: expected a block number");
  const time = quantity(item.timeStamp ?? item.blockTimestamp);
  if (time === null)
    problems.push("timeStamp (Etherscan) or blockTimestamp (JSON-RPC): expected the block's Unix time");
  let event: GovernorEvent | null = null;
  try {
    event = decodeGovernorLog(topics, str(item, "data") ?? "0x");
  } catch (error) {
    problems.push((error as Error).message);
  }
  if (event?.name === "VoteCast" && event.support > 2)
    problems.push(`support ${event.support}: not Against (0), For (1) or Abstain (2)`);
  if (problems.length > 0 || event === null) return { problem: problems.join("; ") };
  return { line, address: address as string, block: block as number, time: time as number, event };
}

/** The title of a Governor proposal: the first line of its description, its Markdown heading marks left out. */
function titleOf(description: string): string {
  const first = description.split("\n").find((line) => line.trim() !== "") ?? "";
  return first.replace(/^\s*#+\s*/, "").trim() || "(no description)";
}

function tokens(weight: bigint): number {
  const unit = 10n ** TOKEN_DECIMALS;
  return Number(weight / unit) + Number(weight % unit) / Number(unit);
}

function proposal(
  chain: string,
  gathered: Gathered & { created: NonNullable<Gathered["created"]> },
  clock: BlockClock,
): GovernanceProposal {
  const { created, votes } = gathered;
  const { proposalId, proposer, voteStart, voteEnd, description } = created.event;
  const timestampClock = Math.abs(voteStart - created.time) < TIMESTAMP_CLOCK_WINDOW;
  const timeOf = (point: number) => (timestampClock ? point : clock.timeOf(point));
  const now = timestampClock ? clock.latestTime : clock.latestBlock;
  const settled = gathered.queued ?? gathered.executed ?? gathered.canceled;
  let state: ProposalState = "active";
  if (settled !== undefined || voteEnd <= now) state = "closed";
  else if (voteStart > now) state = "pending";
  const scores = CHOICES.map(() => 0n);
  for (const vote of votes.values()) scores[vote.support] = (scores[vote.support] ?? 0n) + vote.weight;
  const ms = (seconds: number | undefined) => (seconds === undefined ? null : seconds * 1000);
  return {
    kind: "governance_proposal",
    feed: FEED,
    external_id: `${chain}:${created.address}:${proposalId}`,
    space: `${chain}:${created.address}`,
    title: titleOf(description),
    body: description,
    author: proposer,
    state,
    start_at: timeOf(voteStart) * 1000,
    end_at: timeOf(voteEnd) * 1000,
    snapshot_block: timestampClock ? null : String(voteStart),
    choices: CHOICES,
    scores: scores.map(tokens),
    scores_total: tokens(scores.reduce((sum, score) => sum + score, 0n)),
    votes: votes.size,
    quorum: null,
    queued_at: ms(gathered.queued),
    executed_at: ms(gathered.executed),
    canceled_at: ms(gathered.canceled),
  };
}

function* proposals(
  logs: readonly unknown[],
  chain: string,
  text: string,
): Generator<RecordItem<GovernanceProposal>> {
  const lines = new LineFinder(text);
  const seen = new Map<number, number>();
  const gathered = new Map<string, Gathered>();
  for (const item of logs) {
    const line = lines.next(isObject(item) && "address" in item ? '"address"' : "{");
    if (!isObject(item)) {
      yield { line, problem: "expected a log object" };
      continue;
    }
    const read = readLog(item, line);
    if (read === null) continue;
    if ("problem" in read || "leftOut" in read) {
      yield { line, ...read };
      continue;
    }
    seen.set(read.block, read.time);
    const key = `${read.address}:${read.event.proposalId}`;
    let entry = gathered.get(key);
    if (entry === undefined) {
      entry = { votes: new Map(), firstLine: line };
      gathered.set(key, entry);
    }
    const { event } = read;
    if (event.name === "ProposalCreated") entry.created = { ...read, event };
    else if (event.name === "VoteCast") entry.votes.set(event.voter, event);
    else if (event.name === "ProposalQueued") entry.queued = read.time;
    else if (event.name === "ProposalExecuted") entry.executed = read.time;
    else entry.canceled = read.time;
  }
  const clock = new BlockClock(seen);
  for (const [key, entry] of gathered) {
    const { created } = entry;
    if (created === undefined)
      yield {
        line: entry.firstLine,
        leftOut: `proposal ${key.split(":")[1]} of ${key.split(":")[0]}: its ProposalCreated is not in the file, so its vote cannot be placed (export the logs from its creation on)`,
      };
    else yield { line: created.line, record: proposal(chain, { ...entry, created }, clock) };
  }
}

/**
 * `governor-logs`: the event logs of an OpenZeppelin Governor or a Compound
 * GovernorBravo, saved as Etherscan's `module=logs&action=getLogs`, a
 * JSON-RPC `eth_getLogs` answer or a plain array (`cast logs --json`), each
 * log with its block's time (`timeStamp`, or `blockTimestamp` from nodes
 * that give it). ProposalCreated, VoteCast(WithParams), ProposalQueued,
 * ProposalExecuted and ProposalCanceled are decoded with the Governor ABI
 * and gathered into one proposal each. Identity: chain (`--target`, default
 * `ethereum`) + Governor address + proposal id; a later export of the same
 * proposal replaces the earlier one.
 */
export const governorLogs: Importer<RecordItem<GovernanceProposal>> = defineImporter({
  id: "governor-logs",
  title: "Governor contract event logs (Etherscan getLogs, eth_getLogs JSON)",
  feed: FEED,
  kinds: ["governance_proposal"],
  identityOptions: ["target"],
  detect: (sample) =>
    /"topics"\s*:/.test(sample.head) &&
    [...GOVERNOR_TOPICS.keys()].some((topic) => sample.head.toLowerCase().includes(topic)),
  read: jsonDocument((document, ctx, text) =>
    proposals(logsOf(document, ctx.file), ctx.target ?? DEFAULT_CHAIN, text),
  ),
});
