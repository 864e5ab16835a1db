import { type MaturityAnswer, SAMM_ANSWER_VALUES, SAMM_QUESTION_ID } from "../../domains/maturity/records.ts";
import { defineImporter } from "../define-importer.ts";
import type { Importer, RecordItem } from "../importer.ts";
import type { FieldReader } from "../shared/fields.ts";
import { csvTable, type Table, yamlTable } from "../shared/readers.ts";

const ANSWER_FIELDS = new Set(["scope", "assessed_at", "assessor", "question", "answer", "notes"]);

/** SAMM's answer values only: a 0.3 is a typo, not a partial answer to round. */
function answerOf(fields: FieldReader): number {
  const text = fields.requiredText("answer");
  const value = Number(text);
  if (text !== "" && !(SAMM_ANSWER_VALUES as readonly number[]).includes(value))
    fields.problems.push(
      `answer: "${text}" is not one of SAMM's answer values ${SAMM_ANSWER_VALUES.join(", ")}`,
    );
  return value;
}

function questionOf(fields: FieldReader): string {
  const question = fields.requiredText("question").toUpperCase();
  if (question !== "" && !SAMM_QUESTION_ID.test(question))
    fields.problems.push(
      `question: "${question}" is not a SAMM v2 question id (practice-level-stream, e.g. D-TA-1-A)`,
    );
  return question;
}

/**
 * A SAMM v2 assessment (`samm-csv`, `samm-yaml`): one answer per row, with
 * `scope`, `assessed_at`, `question` (SAMM's id, `D-TA-1-A`) and `answer`
 * (0, 0.25, 0.5 or 1) required, `assessor` and `notes` optional. Identity:
 * scope, instant and question within the feed, so a corrected file
 * replaces its answers and a reassessment adds a new set.
 */
const ANSWERS: Table<MaturityAnswer> = {
  required: ["scope", "assessed_at", "question", "answer"],
  fields: ANSWER_FIELDS,
  recognizes: (columns) => columns.includes("question") && columns.includes("assessed_at"),
  map(fields): MaturityAnswer {
    const scope = fields.requiredText("scope");
    const assessed_at = fields.requiredTimestamp("assessed_at");
    const question = questionOf(fields);
    return {
      kind: "maturity_answer",
      feed: "samm",
      external_id: `${scope}|${new Date(assessed_at).toISOString()}|${question}`,
      scope,
      assessed_at,
      assessor: fields.text("assessor"),
      question,
      answer: answerOf(fields),
      notes: fields.text("notes"),
    };
  },
};
const ANSWERS_FAMILY = { feed: "samm", kinds: ["maturity_answer"] } as const;

export const sammCsv: Importer<RecordItem<MaturityAnswer>> = defineImporter({
  ...ANSWERS_FAMILY,
  id: "samm-csv",
  title: "OWASP SAMM v2 assessment answers (CSV with a header row)",
  read: csvTable(ANSWERS),
});
export const sammYaml: Importer<RecordItem<MaturityAnswer>> = defineImporter({
  ...ANSWERS_FAMILY,
  id: "samm-yaml",
  title: "OWASP SAMM v2 assessment (YAML: scope, assessed_at, assessor and an `answers` list)",
  detect: (sample) =>
    /\.ya?ml$/i.test(sample.name) && /^answers:\s*(#.*)?$/m.test(sample.head) && /^scope:/m.test(sample.head),
  read: yamlTable(ANSWERS, "answers", ["scope", "assessed_at", "assessor"]),
});
