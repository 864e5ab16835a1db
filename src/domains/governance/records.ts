import type { RecordIdentity } from "../../model/records.ts";
import { defineRecordKind } from "../../store/record-kind.ts";
import type { RecordColumns } from "../../store/schema.ts";

export const PROPOSAL_STATES = ["pending", "active", "closed"] as const;
export type ProposalState = (typeof PROPOSAL_STATES)[number];

/**
 * One governance proposal, of a Snapshot space or of a Governor contract,
 * as its latest export gave it: a later export of the same proposal
 * replaces it (an active vote closes, its scores settle). A proposal
 * belongs to the period its vote ends in. Identity: Snapshot's proposal
 * `id` (an IPFS hash or a 0x hash); a Governor's `chain:governor:proposal id`.
 */
export interface GovernanceProposal extends RecordIdentity {
  kind: "governance_proposal";
  space: string;
  title: string;
  body: string | null;
  author: string | null;
  state: ProposalState;
  start_at: number;
  end_at: number;
  /** The block the voting power was measured at. */
  snapshot_block: string | null;
  choices: string[];
  /** The voting power behind each choice, in `choices`' order; empty when the export left them out. */
  scores: number[];
  /** The voting power that voted; null when the export left it out. */
  scores_total: number | null;
  /** How many addresses voted; null when the export left it out. */
  votes: number | null;
  /** The voting power the vote needs to be valid; null when the space sets none (Snapshot's 0). */
  quorum: number | null;
  /** When the passed proposal was queued in the timelock (epoch ms); null when the export does not say (Snapshot). */
  queued_at: number | null;
  /** When it was executed on chain (epoch ms); null when not, or when the export does not say (Snapshot: see the configuration). */
  executed_at: number | null;
  /** When it was canceled (epoch ms); null when it was not. */
  canceled_at: number | null;
}

export const GOVERNANCE_PROPOSAL = defineRecordKind({
  kind: "governance_proposal",
  table: "governance_proposals",
  time: "end_at",
  json: ["choices", "scores"],
});

/**
 * One address's vote on a Snapshot proposal, as the hub's votes export gave
 * it: a later vote of the same address on the same proposal replaces it,
 * as Snapshot keeps one vote per voter. Identity: `<proposal id>:<voter>`.
 * It belongs to the period it was cast in; a proposal's turnout reads its
 * votes whatever their period.
 */
export interface GovernanceVote extends RecordIdentity {
  kind: "governance_vote";
  proposal_id: string;
  space: string;
  voter: string;
  created_at: number;
  /** The choice as Snapshot gives it: a 1-based index, a list (approval, ranked) or index → weight (weighted, quadratic). */
  choice: unknown;
  /** The chosen index (0-based) of a single-choice vote; null for the other voting types. */
  choice_index: number | null;
  /** The voting power behind the vote; null when the export left it out. */
  vp: number | null;
}

export const GOVERNANCE_VOTE = defineRecordKind({
  kind: "governance_vote",
  table: "governance_votes",
  time: "created_at",
  json: ["choice"],
});

/** What a proposal's exported votes add up to: one vote per voter. */
export interface VoteTally {
  voters: number;
  /** The voting power of the votes; null when the export left every vp out. */
  voting_power: number | null;
  /** Voting power per 0-based choice, when every vote chose one choice; null otherwise (approval, ranked, weighted). */
  scores: ReadonlyMap<number, number> | null;
}

export interface GovernanceVotesTable extends RecordColumns {
  proposal_id: string;
  voter: string;
  choice_index: number | null;
  vp: number | null;
}

export type GovernanceTables = { governance_votes: GovernanceVotesTable };
