import { defineMetrics } from "../../model/metric-definition.ts";

const SOURCES = ["snapshot-json", "snapshot-votes-json", "governor-logs"];

/** DAO governance: whether token holders take part, and how fast a passed security fix reaches the chain. */
export const GOVERNANCE_METRICS = defineMetrics("web3", [
  {
    id: "governance_participation",
    name: "Governance participation",
    description:
      "Median turnout of the proposals whose vote closed in the period: voting power that voted ÷ the space's total voting power (governance.spaces), or votes ÷ eligible voters where only that is known; Snapshot proposals completed from their exported votes, Governor proposals tallied from their VoteCast events. Quorum met or missed beside it.",
    unit: "percent",
    direction: "up",
    chart: "xmr",
    sources: SOURCES,
  },
  {
    id: "security_proposal_time_to_execute",
    name: "Security proposal time to execute",
    description:
      "Median time from the end of the vote to on-chain execution (a Governor's ProposalExecuted event, else governance.executions) over the security-related proposals (governance.security_keywords or security_proposals) passed in the period; those not executed yet are counted open.",
    unit: "seconds",
    direction: "down",
    chart: "xmr",
    sources: SOURCES,
  },
]);
