import { describe, expect, it } from "vitest";
import { parseConfig } from "../../config/load.ts";
import { governancePolicy, isSecurityRelated, outcomeOf, type ProposalOutcome } from "./compute.ts";
import type { GovernanceProposal } from "./records.ts";

const proposal = (overrides: Partial<GovernanceProposal>): GovernanceProposal => ({
  kind: "governance_proposal",
  feed: "snapshot",
  external_id: "0x1",
  space: "s.eth",
  title: "A proposal",
  body: null,
  author: null,
  state: "closed",
  start_at: 0,
  end_at: 1000,
  snapshot_block: null,
  choices: ["For", "Against", "Abstain"],
  scores: [1, 0, 0],
  scores_total: 1,
  votes: 1,
  quorum: null,
  queued_at: null,
  executed_at: null,
  canceled_at: null,
  ...overrides,
});

describe("a vote's outcome, from its winning choice", () => {
  const policy = governancePolicy(parseConfig({ governance: { spaces: { "gov.eth": { quorum: 8 } } } }));
  it.each<[string, Partial<GovernanceProposal>, ProposalOutcome]>([
    ["For wins", { scores: [5, 3, 1] }, "approved"],
    ["Against wins", { scores: [3, 5, 1] }, "rejected"],
    ["Abstain wins: nothing approved", { scores: [1, 1, 5] }, "rejected"],
    ["Yes/No in lower case", { choices: ["yes", "no"], scores: [2, 1] }, "approved"],
    ["one option of several", { choices: ["Option 1", "Option 2"], scores: [1, 2] }, "chosen"],
    ["a tie", { scores: [2, 2, 0] }, "tied"],
    ["nobody voted", { scores: [0, 0, 0], scores_total: 0 }, "no_votes"],
    ["no scores exported", { scores: [], scores_total: null }, "no_votes"],
    ["short of the quorum", { scores: [5, 0, 0], scores_total: 5, quorum: 10 }, "no_quorum"],
    ["exactly the quorum", { scores: [10, 0, 0], scores_total: 10, quorum: 10 }, "approved"],
    [
      "the configured quorum, when the export has none",
      { space: "gov.eth", scores: [5, 0, 0], scores_total: 5 },
      "no_quorum",
    ],
    [
      "the export's quorum first",
      { space: "gov.eth", scores: [5, 0, 0], scores_total: 5, quorum: 5 },
      "approved",
    ],
    ["still active", { state: "active" }, "undecided"],
    ["queued by the Governor, whatever the tally", { scores: [5, 3, 9], queued_at: 2000 }, "approved"],
    ["executed before the export saw its end", { state: "active", executed_at: 2000 }, "approved"],
    ["canceled after it was queued", { queued_at: 2000, canceled_at: 3000 }, "canceled"],
  ])("%s", (_case, overrides, expected) => {
    expect(outcomeOf(proposal(overrides), policy)).toBe(expected);
  });
});

describe("security-related proposals", () => {
  const policy = governancePolicy(parseConfig({}));
  it.each<[string, Partial<GovernanceProposal>, boolean]>([
    ["a word of the title, any case", { title: "EMERGENCY: pause the vault" }, true],
    ["a word of the body", { body: "Fixes the vulnerability reported by Spearbit." }, true],
    ["two words together", { body: "Top up the bug bounty." }, true],
    ["part of a longer word is not the word", { title: "Auditorium rental for the conference" }, false],
    ["none", { title: "Marketing budget" }, false],
  ])("%s", (_case, overrides, expected) => {
    expect(isSecurityRelated(proposal(overrides), policy)).toBe(expected);
  });
});
