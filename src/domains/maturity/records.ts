import type { RecordIdentity } from "../../model/records.ts";
import { defineRecordKind } from "../../store/record-kind.ts";

/** The values of every SAMM v2 answer set, from "No" to its fullest "Yes". */
export const SAMM_ANSWER_VALUES = [0, 0.25, 0.5, 1] as const;

/** SAMM v2's fifteen security practices by code: the business function's initial and the practice's. */
export const SAMM_PRACTICES = [
  "G-SM",
  "G-PC",
  "G-EG",
  "D-TA",
  "D-SR",
  "D-SA",
  "I-SB",
  "I-SD",
  "I-DM",
  "V-AA",
  "V-RT",
  "V-ST",
  "O-IM",
  "O-EM",
  "O-OM",
] as const;

/**
 * A SAMM v2 question id as the model names its files: the practice, the
 * maturity level (1–3) and the stream (A or B), e.g. `D-TA-1-A`.
 */
export const SAMM_QUESTION_ID = new RegExp(`^(${SAMM_PRACTICES.join("|")})-[1-3]-[AB]$`);

/**
 * One answer of a SAMM v2 assessment: the `scope` assessed (a team, a
 * product) at `assessed_at`, by `assessor`, to one question. The answers
 * of one scope at one instant are one assessment; a reassessment is a new
 * set, so the history of each scope is kept. Identity: scope, instant and
 * question within the feed.
 */
export interface MaturityAnswer extends RecordIdentity {
  kind: "maturity_answer";
  scope: string;
  assessed_at: number;
  assessor: string | null;
  question: string;
  answer: number;
  notes: string | null;
}

export const MATURITY_ANSWER = defineRecordKind({
  kind: "maturity_answer",
  table: "maturity_answers",
  time: "assessed_at",
});
