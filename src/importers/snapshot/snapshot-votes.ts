import type { GovernanceVote } from "../../domains/governance/records.ts";
import { InvalidInputError } from "../../model/errors.ts";
import { defineImporter } from "../define-importer.ts";
import type { Importer, RecordItem } from "../importer.ts";
import { field, isObject, type Json, list, num, str } from "../shared/fields.ts";
import { firstJsonRecord } from "../shared/json.ts";
import { hubRecords, wrappedAnswer } from "./hub-answer.ts";

const FEED = "snapshot";
const WRAPPED = wrappedAnswer("vote");

/** Snapshot's choice: a 1-based index (single choice, basic), a list (approval, ranked) or index → weight (weighted, quadratic). */
function choiceOf(item: Json, problems: string[]): { choice: unknown; choice_index: number | null } {
  const choice = item.choice;
  if (typeof choice === "number") {
    if (!Number.isInteger(choice) || choice < 1) problems.push("choice: expected a 1-based choice index");
    return { choice, choice_index: choice - 1 };
  }
  if (Array.isArray(choice) || isObject(choice)) return { choice, choice_index: null };
  problems.push("choice: expected a choice index, a list or an index → weight object");
  return { choice: null, choice_index: null };
}

function vote(item: Json, problems: string[]): GovernanceVote {
  const voter = str(item, "voter")?.toLowerCase() ?? null;
  if (voter === null) problems.push("voter is required");
  const proposal = str(item, "proposal.id") ?? str(item, "proposal");
  if (proposal === null) problems.push("proposal.id is required");
  const created = num(item, "created");
  if (created === null || !Number.isInteger(created) || created < 0)
    problems.push("created: expected a Unix time in seconds");
  const vp = num(item, "vp");
  if (vp !== null && vp < 0) problems.push("vp: expected a voting power of 0 or more");
  return {
    kind: "governance_vote",
    feed: FEED,
    // Snapshot keeps one vote per voter and proposal: a later vote replaces the earlier one.
    external_id: `${proposal ?? ""}:${voter ?? ""}`,
    proposal_id: proposal ?? "",
    space: str(item, "space.id") ?? str(item, "space") ?? "",
    voter: voter ?? "",
    created_at: (created ?? 0) * 1000,
    ...choiceOf(item, problems),
    vp,
  };
}

/**
 * `snapshot-votes-json`: votes saved from Snapshot's hub GraphQL API
 * (`votes { id voter created choice vp proposal { id } space { id } }`),
 * wrapped in `data` as the API answers or as a plain array. Identity:
 * proposal id + voter; a later export of the same vote replaces it.
 */
export const snapshotVotesJson: Importer<RecordItem<GovernanceVote>> = defineImporter({
  id: "snapshot-votes-json",
  title: "Snapshot votes (hub GraphQL JSON)",
  feed: FEED,
  kinds: ["governance_vote"],
  detect: (sample) => {
    if (WRAPPED.test(sample.head)) return true;
    const first = firstJsonRecord(sample.head);
    return isObject(first) && "voter" in first && "choice" in first && "proposal" in first;
  },
  read: hubRecords("votes", "vote", () => '"voter"', vote),
});
