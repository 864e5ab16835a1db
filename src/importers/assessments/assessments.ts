import type { ActionItem } from "../../domains/action-items/records.ts";
import type { Assessment, AssessmentFinding } from "../../domains/assessments/records.ts";
import { defineImporter } from "../define-importer.ts";
import type { ImportContext, RecordItem } from "../importer.ts";
import type { CsvRow } from "../shared/csv.ts";
import { FieldReader, isObject, type Json } from "../shared/fields.ts";
import { csvHeader, csvRows, stream } from "../shared/readers.ts";
import { snapshotTime } from "../shared/snapshot-time.ts";
import { readYamlList } from "../shared/yaml.ts";
import {
  ASSESSMENT_FIELDS,
  ASSESSMENTS_FEED,
  assessmentOf,
  FINDING_FIELDS,
  findingOf,
  remediationItem,
} from "./assessment-fields.ts";

type AssessmentItem = RecordItem<Assessment | AssessmentFinding | ActionItem>;

const KINDS = { feed: ASSESSMENTS_FEED, kinds: ["assessment", "assessment_finding", "action_item"] } as const;

/** The records of one assessment and its findings, or the row's problems joined. */
function* itemsOf(
  line: number,
  assessment: Assessment,
  findings: readonly AssessmentFinding[],
  problems: readonly string[],
  withAssessment: boolean,
): Iterable<AssessmentItem> {
  if (problems.length > 0) {
    yield { line, problem: problems.join("; ") };
    return;
  }
  if (withAssessment) yield { line, record: assessment };
  for (const finding of findings) {
    yield { line, record: finding };
    const item = remediationItem(finding);
    if (item !== null) yield { line, record: item };
  }
}

/**
 * The assessments register as YAML (`assessments-yaml`): a top-level
 * `assessments` list, each entry an assessment (`id`, `type`, `scope`,
 * `started_at` required; `assessor`, `completed_at`, `report_url`) with its
 * `findings` (`id`, `title`, `severity` required; `owner`, `found_at`,
 * `due_at`, `remediation_plan`, `resolved_at`, `verified_at`,
 * `verified_by`). The file is the whole register at its top-level
 * `snapshot_at` (or `--scanned-at`). A problem in a finding refuses its
 * assessment, at the assessment's line.
 */
export const assessmentsYaml = defineImporter({
  ...KINDS,
  id: "assessments-yaml",
  title: "Assessments register (YAML with an `assessments` list and their findings)",
  identityOptions: ["scannedAt"],
  detect: (sample) =>
    /\.ya?ml$/i.test(sample.name) &&
    /^assessments:\s*(#.*)?$/m.test(sample.head) &&
    /^\s*(-\s+)?started_at:/m.test(sample.head),
  read: stream(async function* (input, ctx): AsyncIterable<AssessmentItem> {
    const { root, items } = await readYamlList(input, ctx.file, "assessments");
    const snapshotAt = snapshotTime(new FieldReader(root, ctx.timezone), ctx, "a register");
    const seen = new Map<string, number>();
    for (const item of items) {
      if ("problem" in item) {
        yield item;
        continue;
      }
      const fields = new FieldReader(item.value, ctx.timezone);
      const assessment = assessmentOf(fields, snapshotAt);
      const problems = [
        ...fields.problems,
        ...duplicate(seen, "assessment", assessment.external_id, item.line),
      ];
      const findings = yamlFindings(item.value.findings, assessment, ctx, problems);
      yield* itemsOf(item.line, assessment, findings, problems, true);
    }
  }),
});

function yamlFindings(
  value: unknown,
  assessment: Assessment,
  ctx: ImportContext,
  problems: string[],
): AssessmentFinding[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every(isObject)) {
    problems.push("findings is not a list of mappings");
    return [];
  }
  const ids = new Set<string>();
  return value.map((entry, index) => {
    const fields = new FieldReader(entry, ctx.timezone);
    const finding = findingOf(fields, assessment);
    if (ids.has(finding.external_id)) fields.problems.push(`finding ${finding.external_id} is listed twice`);
    ids.add(finding.external_id);
    problems.push(...fields.problems.map((problem) => `findings[${index}]: ${problem}`));
    return finding;
  });
}

/** An id met before (`what` says of which record), as a problem naming the line it was first met on. */
function duplicate(seen: Map<string, number>, what: string, id: string, line: number): string[] {
  const first = seen.get(id);
  if (first === undefined) seen.set(id, line);
  return first === undefined ? [] : [`${what} ${id} is already on line ${first}`];
}

const CSV_REQUIRED = ["assessment_id", "type", "scope", "started_at"];
/** The columns that describe the assessment: equal on every row of one assessment. */
const CSV_ASSESSMENT_COLUMNS = ["type", "scope", "assessor", "started_at", "completed_at", "report_url"];

/** A CSV row's assessment and finding, each under its own field names. */
function splitRow(values: Record<string, string>): { assessment: Json; finding: Json | null } {
  const assessment: Json = { id: values.assessment_id };
  const finding: Json = { id: values.finding_id };
  for (const [column, value] of Object.entries(values)) {
    if (column === "assessment_id" || column === "finding_id" || column === "snapshot_at") continue;
    if (ASSESSMENT_FIELDS.has(column)) assessment[column] = value;
    else finding[column] = value;
  }
  const hasFinding = Object.entries(finding).some(
    ([, value]) => typeof value === "string" && value.trim() !== "",
  );
  return { assessment, finding: hasFinding ? finding : null };
}

/**
 * The assessments register as CSV (`assessments-csv`): one row per
 * finding, its assessment's columns (`assessment_id`, `type`, `scope`,
 * `started_at` required; `assessor`, `completed_at`, `report_url`) repeated
 * on each, equal on every row of one assessment; the finding's columns
 * (`finding_id`, `title`, `severity`, … as in YAML) empty on a row of an
 * assessment with no findings. Columns neither knows are kept as the
 * finding's attributes. Each import is the whole register at `snapshot_at`
 * (or `--scanned-at`).
 */
export const assessmentsCsv = defineImporter({
  ...KINDS,
  id: "assessments-csv",
  title: "Assessments register (CSV, one row per finding with its assessment's columns)",
  detect: (sample) => {
    const columns = csvHeader(sample.head);
    return CSV_REQUIRED.every((name) => columns.includes(name));
  },
  read: csvRows(CSV_REQUIRED, async function* (batches, ctx): AsyncIterable<AssessmentItem> {
    const assessments = new Map<string, CsvRow>();
    const findingIds = new Map<string, number>();
    for await (const rows of batches)
      for (const row of rows) {
        const { assessment: assessmentValues, finding: findingValues } = splitRow(row.values);
        const fields = new FieldReader(assessmentValues, ctx.timezone);
        const snapshotAt = snapshotTime(new FieldReader(row.values, ctx.timezone), ctx, "a register");
        const assessment = assessmentOf(fields, snapshotAt);
        const first = assessments.get(assessment.external_id);
        const problems = [...fields.problems, ...differences(first, row)];
        if (first === undefined && problems.length === 0) assessments.set(assessment.external_id, row);
        const findings: AssessmentFinding[] = [];
        if (findingValues !== null) {
          const findingFields = new FieldReader(findingValues, ctx.timezone);
          const finding = findingOf(findingFields, assessment);
          problems.push(
            ...findingFields.problems,
            ...duplicate(findingIds, "finding", finding.external_id, row.line),
          );
          findings.push(finding);
        }
        yield* itemsOf(row.line, assessment, findings, problems, first === undefined);
      }
  }),
});

/** Where a row's assessment columns differ from its assessment's first row. */
function differences(first: CsvRow | undefined, row: CsvRow): string[] {
  if (first === undefined) return [];
  return CSV_ASSESSMENT_COLUMNS.filter(
    (column) => (first.values[column] ?? "").trim() !== (row.values[column] ?? "").trim(),
  ).map((column) => `${column} differs from line ${first.line}, the assessment's first row`);
}
