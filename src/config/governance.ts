import { z } from "zod";

/**
 * Words that mark a proposal as security-related when its title or body
 * holds one (whole words, any case): what a protocol votes on after an
 * audit, an incident or a disclosure.
 */
export const DEFAULT_SECURITY_KEYWORDS = [
  "security",
  "vulnerability",
  "exploit",
  "incident",
  "emergency",
  "audit",
  "bug bounty",
  "pause",
  "guardian",
  "timelock",
];

const space = z
  .object({
    total_voting_power: z
      .number()
      .positive()
      .optional()
      .describe(
        "The space's whole voting power (token supply or delegated supply at the usual snapshot): turnout is the voting power that voted ÷ this.",
      ),
    eligible_voters: z
      .number()
      .int()
      .positive()
      .optional()
      .describe("How many addresses may vote: turnout is votes ÷ this when total_voting_power is not given."),
    quorum: z
      .number()
      .positive()
      .optional()
      .describe(
        "The voting power a vote needs, for exports that do not carry it: a Governor's events do not (its quorumVotes() or quorum(block)).",
      ),
  })
  .strict();

/** Governance participation: what turnout is measured against, which proposals are security ones, when they were executed. */
export const governanceSchema = z
  .object({
    spaces: z
      .record(z.string(), space)
      .default({})
      .describe(
        "Per Snapshot space id (`aave.eth`) or Governor (`ethereum:0xc0da…`): the denominator of its turnout, and its quorum. A space not listed has no turnout figure.",
      ),
    security_keywords: z
      .array(z.string().min(1))
      .default(DEFAULT_SECURITY_KEYWORDS)
      .describe("A proposal whose title or body holds one of these words (any case) is security-related."),
    security_proposals: z
      .array(z.string().min(1))
      .default([])
      .describe("Proposal ids tagged security-related by hand, whatever their words."),
    executions: z
      .record(z.string(), z.iso.datetime({ offset: true }))
      .default({})
      .describe(
        "When each passed proposal was executed on chain (proposal id → ISO 8601 instant, e.g. the timelock's execution transaction).",
      ),
  })
  .strict()
  .default({
    spaces: {},
    security_keywords: DEFAULT_SECURITY_KEYWORDS,
    security_proposals: [],
    executions: {},
  })
  .describe("DAO governance: turnout denominators, security proposals and their executions.");
