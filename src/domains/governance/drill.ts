import type { Store } from "../../store/store.ts";
import type { DrillContext } from "../domain-pack.ts";
import { iso, recordRow } from "../drill-row.ts";
import {
  awaitsExecution,
  executedAt,
  governancePolicy,
  isSecurityRelated,
  outcomeOf,
  quorumMet,
  quorumOf,
  secondsToExecute,
  turnoutOf,
} from "./compute.ts";
import { talliedProposals } from "./queries.ts";

/**
 * The proposals whose vote ends in the period, each with its turnout,
 * quorum, outcome and execution: for participation the closed ones with a
 * denominator count; for time to execute the passed security proposals
 * that were executed.
 */
export async function governanceDrill(
  store: Store,
  metricId: string,
  { period, config }: DrillContext,
  limit: number,
) {
  const policy = governancePolicy(config);
  const proposals = await talliedProposals(store, period);
  const participation = metricId === "governance_participation";
  const rows = proposals
    .filter((proposal) => participation || isSecurityRelated(proposal, policy))
    .map((proposal) => {
      const turnout = turnoutOf(proposal, policy);
      const outcome = outcomeOf(proposal, policy);
      const seconds = secondsToExecute(proposal, policy);
      const executed = executedAt(proposal, policy);
      let note: string | null = null;
      if (proposal.state !== "closed") note = `vote ${proposal.state}`;
      else if (participation && turnout === null) note = `no denominator for space ${proposal.space}`;
      else if (!participation && !awaitsExecution(outcome)) note = `not passed: ${outcome}`;
      else if (!participation && seconds === null)
        note = executed === null ? "not executed yet" : "execution recorded before the vote ended";
      return recordRow(
        proposal,
        proposal.end_at,
        {
          space: proposal.space,
          title: proposal.title,
          state: proposal.state,
          turnout: turnout?.percent ?? null,
          turnout_basis: turnout?.basis ?? null,
          voting_power: proposal.scores_total,
          votes: proposal.votes,
          quorum: quorumOf(proposal, policy),
          quorum_met: quorumMet(proposal, policy),
          outcome,
          security: isSecurityRelated(proposal, policy),
          queued_at: iso(proposal.queued_at),
          executed_at: iso(executed),
          canceled_at: iso(proposal.canceled_at),
          seconds_to_execute: seconds,
        },
        note === null,
        note,
      );
    });
  return rows.slice(0, limit + 1);
}
