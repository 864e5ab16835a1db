import { type QuestionnaireAnswer, SHORT_ANSWERS } from "../../domains/trust/records.ts";
import { InvalidInputError } from "../../model/errors.ts";
import { defineImporter } from "../define-importer.ts";
import type { DirectorySource, ImportContext, RecordItem } from "../importer.ts";
import { FieldReader, field, type Json, texts } from "../shared/fields.ts";
import { frontMatter } from "../shared/front-matter.ts";
import { readText } from "../shared/json.ts";
import { isMarkdownPage } from "../shared/markdown-folder.ts";
import { directory } from "../shared/readers.ts";
import { folderSnapshotTime } from "../shared/snapshot-time.ts";
import { parseYamlMapping } from "../shared/yaml.ts";

/** A folder of Markdown named for answers ("answers", "answer-library") is taken for an answer library. */
export const isAnswerLibraryName = (name: string) => /answer/i.test(name);

/**
 * A questionnaire answer library: a folder of Markdown files, one approved
 * answer each, its YAML front matter holding `question` and `short_answer`
 * (yes, no, partial, n.a.; required), `aliases`, `evidence` (`documents`,
 * `metrics`, `controls`), `frameworks`, `owner`, `approved_by`,
 * `approved_at`, `review_by`; the Markdown body is the answer. The folder
 * is one snapshot at `--scanned-at` (else the import's time); an answer's
 * identity is its file's path in the folder. A Markdown file without a
 * `question` (a README) is left out. Detected for a folder of Markdown only
 * whose name says "answer"; else `--format answer-library`.
 */
export const answerLibrary = defineImporter({
  id: "answer-library",
  title: "Questionnaire answer library (folder of Markdown with YAML front matter)",
  feed: "answer-library",
  kinds: ["questionnaire_answer"],
  identityOptions: ["scannedAt"],
  detect: (sample) => {
    const files = sample.files ?? [];
    return isAnswerLibraryName(sample.name) && files.length > 0 && files.every(isMarkdownPage);
  },
  read: directory(readAnswers),
});

async function* readAnswers(
  folder: DirectorySource,
  ctx: ImportContext,
): AsyncIterable<RecordItem<QuestionnaireAnswer>> {
  const snapshotAt = folderSnapshotTime(folder, ctx);
  let found = 0;
  for (const file of folder.files.filter((f) => isMarkdownPage(f.path))) {
    const name = `${folder.name}/${file.path}`;
    const front = frontMatter(await readText(file.open(), name));
    const parsed = front === null ? null : parseYamlMapping(front.text, name, front.firstLine);
    if (front === null || parsed === null || !("question" in parsed.value)) {
      yield { line: 1, leftOut: `${file.path}: no answer front matter (no question)` };
      continue;
    }
    found++;
    const fields = new FieldReader(parsed.value, ctx.timezone);
    const answer: QuestionnaireAnswer = {
      kind: "questionnaire_answer",
      feed: "answer-library",
      external_id: file.path,
      snapshot_at: snapshotAt,
      question: fields.requiredText("question"),
      aliases: fields.list("aliases"),
      short_answer: fields.requiredOneOf("short_answer", SHORT_ANSWERS) ?? "n.a.",
      answer: front.body.trim(),
      evidence: evidenceOf(parsed.value, fields.problems),
      frameworks: fields.list("frameworks"),
      owner: fields.text("owner"),
      approved_by: fields.text("approved_by"),
      approved_at: fields.timestamp("approved_at"),
      review_by: fields.timestamp("review_by"),
    };
    fields.order("approved_at", answer.approved_at, "review_by", answer.review_by);
    if (answer.answer === "")
      fields.problems.push("the answer (the Markdown below the front matter) is empty");
    yield fields.problems.length > 0
      ? { line: 1, problem: `${file.path}:${parsed.lines.question ?? 1}: ${fields.problems.join("; ")}` }
      : { line: 1, record: answer };
  }
  if (found === 0) throw new InvalidInputError(folder.name, [{ line: 1, reason: "no answer in the folder" }]);
}

function evidenceOf(value: Json, problems: string[]) {
  const evidence = field(value, "evidence");
  if (
    evidence !== undefined &&
    evidence !== null &&
    (typeof evidence !== "object" || Array.isArray(evidence))
  )
    problems.push("evidence: expected a mapping of documents, metrics and controls");
  const listed = (key: string) => texts(field(value, `evidence.${key}`));
  return { documents: listed("documents"), metrics: listed("metrics"), controls: listed("controls") };
}
