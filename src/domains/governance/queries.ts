import { sql } from "kysely";
import type { Stored } from "../../model/records.ts";
import type { Store } from "../../store/store.ts";
import { withVoteTallies } from "./compute.ts";
import {
  GOVERNANCE_PROPOSAL,
  type GovernanceProposal,
  type GovernanceTables,
  type VoteTally,
} from "./records.ts";

/** The exported votes of these proposals, counted in SQL per proposal and choice. */
export function voteTallies(store: Store, proposalIds: readonly string[]): Promise<Map<string, VoteTally>> {
  if (proposalIds.length === 0) return Promise.resolve(new Map());
  return store.read(async ({ db }) => {
    const rows = await db
      .withTables<GovernanceTables>()
      .selectFrom("governance_votes")
      .select([
        "proposal_id",
        "choice_index",
        sql<number | string>`count(*)`.as("voters"),
        sql<number | string | null>`sum(vp)`.as("vp"),
      ])
      .where("proposal_id", "in", [...proposalIds])
      .groupBy(["proposal_id", "choice_index"])
      .execute();
    const tallies = new Map<
      string,
      { voters: number; voting_power: number | null; scores: Map<number, number> | null }
    >();
    for (const row of rows) {
      const tally = tallies.get(row.proposal_id) ?? { voters: 0, voting_power: null, scores: new Map() };
      const vp = row.vp === null ? null : Number(row.vp);
      tally.voters += Number(row.voters);
      if (vp !== null) tally.voting_power = (tally.voting_power ?? 0) + vp;
      if (row.choice_index === null) tally.scores = null;
      else tally.scores?.set(row.choice_index, vp ?? 0);
      tallies.set(row.proposal_id, tally);
    }
    return tallies;
  });
}

/** The proposals whose vote ends in the period, completed from their exported votes. */
export async function talliedProposals(
  store: Store,
  period: { start: number; end: number },
): Promise<Stored<GovernanceProposal>[]> {
  const proposals = await store.records<GovernanceProposal>(GOVERNANCE_PROPOSAL.kind, period);
  return withVoteTallies(
    proposals,
    await voteTallies(
      store,
      proposals.map((proposal) => proposal.external_id),
    ),
  );
}
