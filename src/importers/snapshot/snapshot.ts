import {
  type GovernanceProposal,
  PROPOSAL_STATES,
  type ProposalState,
} from "../../domains/governance/records.ts";
import { InvalidInputError } from "../../model/errors.ts";
import { defineImporter } from "../define-importer.ts";
import type { Importer, RecordItem } from "../importer.ts";
import { field, isObject, type Json, list, num, str } from "../shared/fields.ts";
import { firstJsonRecord } from "../shared/json.ts";
import { hubRecords, wrappedAnswer } from "./hub-answer.ts";

const FEED = "snapshot";
const WRAPPED = wrappedAnswer("proposal");

/** A Unix time in seconds, as Snapshot gives `start` and `end`, to epoch ms. */
function seconds(item: Json, name: string, problems: string[]): number {
  const value = num(item, name);
  if (value === null || !Number.isInteger(value) || value < 0) {
    problems.push(`${name}: expected a Unix time in seconds`);
    return 0;
  }
  return value * 1000;
}

function numbers(item: Json, name: string, problems: string[]): number[] {
  const values = list(item, name);
  if (!values.every((value) => typeof value === "number")) problems.push(`${name}: expected numbers`);
  return values.filter((value): value is number => typeof value === "number");
}

function proposal(item: Json, problems: string[]): GovernanceProposal {
  const id = str(item, "id");
  if (id === null) problems.push("id is required");
  const title = str(item, "title");
  if (title === null) problems.push("title is required");
  const space = str(item, "space.id") ?? str(item, "space");
  if (space === null) problems.push("space.id is required");
  const state = str(item, "state")?.toLowerCase() ?? "";
  if (!(PROPOSAL_STATES as readonly string[]).includes(state))
    problems.push(`state: "${state}" is not one of ${PROPOSAL_STATES.join(", ")}`);
  const start_at = seconds(item, "start", problems);
  const end_at = seconds(item, "end", problems);
  if (end_at < start_at) problems.push("end is before start");
  const choices = list(item, "choices").map((choice) => str(choice) ?? "");
  if (choices.length === 0) problems.push("choices: expected a list of choices");
  const scores = numbers(item, "scores", problems);
  if (scores.length > 0 && scores.length !== choices.length)
    problems.push(`scores: ${scores.length} scores for ${choices.length} choices`);
  const votes = num(item, "votes");
  if (votes !== null && (!Number.isInteger(votes) || votes < 0)) problems.push("votes: expected a count");
  const quorum = num(item, "quorum");
  return {
    kind: "governance_proposal",
    feed: FEED,
    external_id: id ?? "",
    space: space ?? "",
    title: title ?? "",
    body: str(item, "body"),
    author: str(item, "author"),
    state: state as ProposalState,
    start_at,
    end_at,
    snapshot_block: str(item, "snapshot"),
    choices,
    scores,
    scores_total: num(item, "scores_total"),
    votes,
    // Snapshot's 0 is "no quorum".
    quorum: quorum !== null && quorum > 0 ? quorum : null,
    // Snapshot votes off chain: what happened on chain comes from the configuration or a Governor's events.
    queued_at: null,
    executed_at: null,
    canceled_at: null,
  };
}

/**
 * `snapshot-json`: proposals saved from Snapshot's hub GraphQL API
 * (`proposals { id title body choices start end snapshot state author
 * space { id } scores scores_total votes quorum }`), wrapped in `data` as
 * the API answers or as a plain array. Identity: the proposal `id`; a
 * later export of it replaces the earlier one.
 */
export const snapshotJson: Importer<RecordItem<GovernanceProposal>> = defineImporter({
  id: "snapshot-json",
  title: "Snapshot proposals (hub GraphQL JSON)",
  feed: FEED,
  kinds: ["governance_proposal"],
  detect: (sample) => {
    if (WRAPPED.test(sample.head)) return true;
    const first = firstJsonRecord(sample.head);
    return isObject(first) && "choices" in first && "end" in first && ("space" in first || "scores" in first);
  },
  read: hubRecords(
    "proposals",
    "proposal",
    (item) => {
      const id = str(item, "id");
      return id === null ? "{" : JSON.stringify(id);
    },
    proposal,
  ),
});
