import { type MaturityAnswer, SAMM_ANSWER_VALUES, SAMM_QUESTION_ID } from "../../domains/maturity/records.ts";
import { InvalidInputError } from "../../model/errors.ts";
import { defineImporter } from "../define-importer.ts";
import type { Importer, RecordItem } from "../importer.ts";
import type { FieldReader, Json } from "../shared/fields.ts";
import { csvTable, type Table, workbookTable, yamlTable } from "../shared/readers.ts";
import { rangeValues, sheetNamesFromHead, type Workbook, type Worksheet } from "../shared/xlsx.ts";
import { cellText } from "../shared/xlsx-sheet.ts";

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

/** The toolbox's Interview sheet's question ids: function, practice, stream, level, question (`G-SM-A-1-1`). */
const TOOLBOX_QUESTION_ID = /^([DGIOV]-[A-Z]{2})-([AB])-([123])-\d+$/;
/** The sheets every version of the toolbox has (2021 to 2024): the interview and the answer sets behind it. */
const TOOLBOX_SHEETS = ["Interview", "Scorecard", "Lookups", "imp-questions"];

/** The value beside a label of the Interview's header block (`Team/Application:` → `payments`), if any. */
function labelled(sheet: Worksheet, label: string): string {
  for (const [, columns] of sheet.cells) {
    const at = [...columns].find(([, value]) => cellText(value).trim().toLowerCase() === label);
    if (at) {
      const value = [...columns].find(([column]) => column > at[0])?.[1];
      return cellText(value).trim();
    }
  }
  return "";
}

/**
 * The answers of a filled SAMM toolbox: each Interview row whose column A
 * is a question id, its answer the text chosen in the `Answer` column,
 * valued by the answer set the toolbox names beside it (`Ans<letter>TBL`,
 * the toolbox's own lookup tables), never by its cached formula results.
 * The scope is the `Team/Application`, the instant the `Interview Date`,
 * the assessor the `Team Lead`; the interview notes are kept. A question
 * left blank is not an answer (as in `samm-yaml`); an answer that is not
 * one of its set's is refused.
 */
function* toolboxAnswers(workbook: Workbook, file: string): Iterable<{ line: number; values: Json }> {
  const missing = TOOLBOX_SHEETS.filter((name) => !workbook.sheets.some((sheet) => sheet.name === name));
  if (missing.length > 0)
    throw new InvalidInputError(file, [
      { line: 1, reason: `not a SAMM toolbox: no sheet ${missing.join(", ")}` },
    ]);
  const interview = workbook.sheet("Interview");
  const header = [...interview.cells].find(([, columns]) =>
    [...columns.values()].some((value) => cellText(value).trim() === "Answer"),
  );
  const answerColumn = header && [...header[1]].find(([, value]) => cellText(value).trim() === "Answer")?.[0];
  const notesColumn =
    header && [...header[1]].find(([, value]) => /^interview notes$/i.test(cellText(value).trim()))?.[0];
  if (answerColumn === undefined)
    throw new InvalidInputError(file, [{ line: 1, reason: "Interview: no `Answer` column header" }]);
  const assessment = {
    scope: labelled(interview, "team/application:"),
    assessed_at: labelled(interview, "interview date:"),
    assessor: labelled(interview, "team lead:") || null,
  };
  const answerSets = new Map<string, Map<string, number>>();
  const answerSet = (letter: string) => {
    const known = answerSets.get(letter);
    if (known) return known;
    const reference = workbook.definedNames.get(`Ans${letter}TBL`);
    const rows = reference ? rangeValues(workbook, reference) : null;
    const set = new Map(
      (rows ?? []).map(([text, value]) => [
        cellText(text).trim(),
        typeof value === "number" ? value : Number.NaN,
      ]),
    );
    answerSets.set(letter, set);
    return set;
  };
  for (const [row, columns] of interview.cells) {
    const id = TOOLBOX_QUESTION_ID.exec(cellText(columns.get(0)).trim());
    const text = cellText(columns.get(answerColumn)).trim();
    if (!id || text === "") continue;
    const [, practice, stream, level] = id;
    const letter = cellText(columns.get(answerColumn - 1)).trim();
    const value = answerSet(letter).get(text);
    yield {
      line: row + 1,
      values: {
        ...assessment,
        question: `${practice}-${level}-${stream}`,
        // A text outside its set is refused by the shared check, as samm-csv refuses a typo.
        answer: value ?? text,
        notes: notesColumn === undefined ? null : cellText(columns.get(notesColumn)).trim() || null,
      },
    };
  }
}

/** OWASP SAMM's assessment toolbox (.xlsx), filled in Excel, LibreOffice or Google Sheets. */
export const sammToolbox: Importer<RecordItem<MaturityAnswer>> = defineImporter({
  ...ANSWERS_FAMILY,
  id: "samm-toolbox",
  title: "OWASP SAMM v2 assessment toolbox (.xlsx: the Interview sheet's answers)",
  detect: (sample) => {
    const sheets = sample.bytes ? sheetNamesFromHead(sample.bytes) : null;
    return sheets !== null && TOOLBOX_SHEETS.every((name) => sheets.includes(name));
  },
  read: workbookTable(ANSWERS, toolboxAnswers),
});
