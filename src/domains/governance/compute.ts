import type { Config } from "../../config/schema.ts";
import { wholeWords } from "../../model/whole-words.ts";
import { durationMetricValue, emptyValue, type MetricValue } from "../metric-value.ts";
import { median } from "../statistics.ts";
import type { GovernanceProposal, VoteTally } from "./records.ts";

/** What the governance metrics are judged by: each space's turnout denominator, the security tags, the executions. */
export interface GovernancePolicy {
  spaces: Config["governance"]["spaces"];
  /** Matches a security keyword as a whole word, any case; null when the list is empty. */
  keywords: RegExp | null;
  tagged: ReadonlySet<string>;
  /** Proposal id → when it was executed (epoch ms), for the exports that do not say (Snapshot). */
  executions: ReadonlyMap<string, number>;
}

export function governancePolicy(config: Config): GovernancePolicy {
  const { spaces, security_keywords, security_proposals, executions } = config.governance;
  return {
    spaces,
    keywords: wholeWords(security_keywords),
    tagged: new Set(security_proposals),
    executions: new Map(Object.entries(executions).map(([id, at]) => [id, Date.parse(at)])),
  };
}

/**
 * The proposals with what their own export left out filled from their
 * exported votes (Snapshot's votes export, one vote per voter): the
 * addresses that voted, their voting power, and the score of each choice
 * when every vote chose one. A figure the proposal's export gives stands.
 */
export function withVoteTallies<P extends GovernanceProposal>(
  proposals: readonly P[],
  tallies: ReadonlyMap<string, VoteTally>,
): P[] {
  return proposals.map((proposal) => {
    const tally = tallies.get(proposal.external_id);
    if (tally === undefined) return proposal;
    const { scores, voting_power } = tally;
    return {
      ...proposal,
      votes: proposal.votes ?? tally.voters,
      scores_total: proposal.scores_total ?? voting_power,
      scores:
        proposal.scores.length > 0 || scores === null || voting_power === null
          ? proposal.scores
          : proposal.choices.map((_, index) => scores.get(index) ?? 0),
    };
  });
}

/** A turnout and what it was measured against: voting power, or addresses when only their count is known. */
export interface Turnout {
  percent: number;
  basis: "voting_power" | "voters";
}

/**
 * The proposal's turnout, or null while the vote is open (a running tally
 * is no turnout), when its space has no denominator, or when the export
 * lacks the numerator.
 */
export function turnoutOf(proposal: GovernanceProposal, policy: GovernancePolicy): Turnout | null {
  if (proposal.state !== "closed") return null;
  const space = policy.spaces[proposal.space];
  if (space?.total_voting_power !== undefined && proposal.scores_total !== null)
    return { percent: (proposal.scores_total / space.total_voting_power) * 100, basis: "voting_power" };
  if (space?.eligible_voters !== undefined && proposal.votes !== null)
    return { percent: (proposal.votes / space.eligible_voters) * 100, basis: "voters" };
  return null;
}

/** The voting power the vote needs: as its export says, else as the configuration says of its space; null when neither. */
export function quorumOf(proposal: GovernanceProposal, policy: GovernancePolicy): number | null {
  return proposal.quorum ?? policy.spaces[proposal.space]?.quorum ?? null;
}

/** Whether the voting power that voted reached the quorum; null when the space sets none or the vote is not closed. */
export function quorumMet(proposal: GovernanceProposal, policy: GovernancePolicy): boolean | null {
  const quorum = quorumOf(proposal, policy);
  if (quorum === null || proposal.state !== "closed") return null;
  return (proposal.scores_total ?? 0) >= quorum;
}

/**
 * How a vote ended, from its winning choice (Snapshot's choices are free
 * text): `approved` when a For/Yes choice won, `rejected` when an
 * Against/No/Abstain one did, `chosen` when another option of several did,
 * `tied`, `no_quorum`, `no_votes`; `undecided` while the vote is not closed.
 * What the chain recorded comes first: `canceled`, and `approved` once the
 * Governor queued or executed it (it succeeded, whatever the tally says).
 */
export type ProposalOutcome =
  | "approved"
  | "rejected"
  | "chosen"
  | "tied"
  | "no_quorum"
  | "no_votes"
  | "canceled"
  | "undecided";

const APPROVING = /^\s*(for|yes|yae|aye|approve|accept|in favou?r)\b/i;
const REJECTING = /^\s*(against|no|nay|reject|deny|abstain)\b/i;

export function outcomeOf(proposal: GovernanceProposal, policy: GovernancePolicy): ProposalOutcome {
  if (proposal.canceled_at !== null) return "canceled";
  if (proposal.queued_at !== null || proposal.executed_at !== null) return "approved";
  if (proposal.state !== "closed") return "undecided";
  const top = Math.max(...proposal.scores);
  if (proposal.scores.length === 0 || !(top > 0)) return "no_votes";
  if (quorumMet(proposal, policy) === false) return "no_quorum";
  const winners = proposal.scores.flatMap((score, index) => (score === top ? [index] : []));
  if (winners.length > 1) return "tied";
  const label = proposal.choices[winners[0] as number] ?? "";
  if (APPROVING.test(label)) return "approved";
  if (REJECTING.test(label)) return "rejected";
  return "chosen";
}

/** A proposal about security: tagged by hand, or a keyword in its title or body. */
export function isSecurityRelated(proposal: GovernanceProposal, policy: GovernancePolicy): boolean {
  if (policy.tagged.has(proposal.external_id)) return true;
  return policy.keywords?.test(`${proposal.title}\n${proposal.body ?? ""}`) ?? false;
}

/** A decided vote that calls for something to be done on chain. */
export function awaitsExecution(outcome: ProposalOutcome): boolean {
  return outcome === "approved" || outcome === "chosen";
}

/** When the proposal was executed: as its export says (a Governor's event), else as the configuration says. */
export function executedAt(proposal: GovernanceProposal, policy: GovernancePolicy): number | null {
  return proposal.executed_at ?? policy.executions.get(proposal.external_id) ?? null;
}

/** Seconds from the vote's end to its execution; null when not executed (or recorded before the end: a data error). */
export function secondsToExecute(proposal: GovernanceProposal, policy: GovernancePolicy): number | null {
  const executed = executedAt(proposal, policy);
  if (executed === null || executed < proposal.end_at) return null;
  return (executed - proposal.end_at) / 1000;
}

type GovernanceMetric = "governance_participation" | "security_proposal_time_to_execute";

/**
 * The governance metrics of the proposals whose vote ends in a period:
 * median turnout over the closed ones with a denominator; median time from
 * a passed security proposal's end to its execution, those not executed
 * yet counted as open (aged at `now`).
 */
export function governanceMetrics(
  proposals: readonly GovernanceProposal[],
  policy: GovernancePolicy,
  now: number,
): Record<GovernanceMetric, MetricValue> {
  const closed = proposals.filter((proposal) => proposal.state === "closed");
  const turnouts = closed.flatMap((proposal) => {
    const turnout = turnoutOf(proposal, policy);
    return turnout === null ? [] : [turnout];
  });
  const quorum = { met: 0, missed: 0, none: 0 };
  for (const proposal of closed) {
    const met = quorumMet(proposal, policy);
    quorum[met === null ? "none" : met ? "met" : "missed"]++;
  }
  const participationDetails = {
    closed: closed.length,
    not_closed: proposals.length - closed.length,
    measured: turnouts.length,
    by_basis: {
      voting_power: turnouts.filter((t) => t.basis === "voting_power").length,
      voters: turnouts.filter((t) => t.basis === "voters").length,
    },
    quorum,
  };
  const security = closed.filter(
    (proposal) => isSecurityRelated(proposal, policy) && awaitsExecution(outcomeOf(proposal, policy)),
  );
  const seconds = security.flatMap((proposal) => {
    const value = secondsToExecute(proposal, policy);
    return value === null ? [] : [value];
  });
  const openAges = security
    .filter((proposal) => executedAt(proposal, policy) === null)
    .map((proposal) => Math.max(0, now - proposal.end_at) / 1000);
  return {
    governance_participation: participation(turnouts, participationDetails),
    security_proposal_time_to_execute: durationMetricValue(
      seconds,
      openAges,
      security.length === 0
        ? "no security proposal passed in the period"
        : "no passed security proposal of the period executed yet",
      { value: "median", details: { passed_security_proposals: security.length } },
    ),
  };
}

function participation(turnouts: readonly Turnout[], details: { closed: number }): MetricValue {
  if (details.closed === 0) return emptyValue("no proposal closed in the period", details);
  if (turnouts.length === 0)
    return emptyValue(
      "no turnout denominator for the spaces of the period's proposals (governance.spaces)",
      details,
    );
  const middle = median(turnouts.map((turnout) => turnout.percent));
  return {
    value: middle,
    n: turnouts.length,
    median: middle,
    p90: null,
    open: null,
    oldest_open_age: null,
    reason: null,
    details,
  };
}
