import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname } from "node:path";
import type { Command } from "commander";
import { type FilledQuestion, fillQuestionnaire } from "../../app/questionnaire-fill.ts";
import { readQuestionnaire } from "../../app/questionnaire-table.ts";
import { type CellValue, cellText } from "../../importers/shared/xlsx-sheet.ts";
import { SecmetricsError } from "../../model/errors.ts";
import { parseInstantOption } from "../../model/time.ts";
import { terminalText } from "../../report/terminal-text.ts";
import { workbookBytes } from "../../report/xlsx-workbook.ts";
import { cliContext, defaultPeriod, withStore } from "../context.ts";
import { csvText } from "../csv.ts";
import { emit, json } from "../output.ts";

/** The columns a fill adds, in order, after the questionnaire's own. */
export const ADDED_COLUMNS = [
  "answer",
  "short_answer",
  "evidence",
  "frameworks",
  "match_score",
  "matched_question",
  "status",
  "flags",
];
/** Widths (characters) of the added columns in a filled workbook: the answer wide enough to read. */
const ADDED_WIDTHS = [60, 30, 30, 16, 12, 40, 10, 30];

export async function runQuestionnaireFill(
  file: string,
  options: {
    out?: string;
    period?: string;
    threshold: string;
    format: string;
    filledAt?: string;
    sheet?: string;
    questionColumn?: string;
  },
  command: Command,
): Promise<void> {
  const threshold = Number(options.threshold);
  if (!(threshold > 0 && threshold <= 1))
    throw new SecmetricsError(
      "invalid_argument",
      `--threshold must be a number above 0 and at most 1 (got "${options.threshold}")`,
    );
  const bytes = readQuestionnaireFile(file);
  const table = readQuestionnaire(bytes, file, {
    ...(options.sheet !== undefined ? { sheet: options.sheet } : {}),
    ...(options.questionColumn !== undefined ? { questionColumn: options.questionColumn } : {}),
  });
  const cli = cliContext(command);
  const ctx = {
    ...cli,
    now: parseInstantOption("--filled-at", options.filledAt, cli.config.timezone) ?? cli.now,
  };
  const result = await withStore(ctx, (store) =>
    fillQuestionnaire(
      store,
      {
        fileName: basename(file),
        bytes,
        questions: table.questions.map((question) => question.text),
        threshold,
        evidencePeriod: options.period ?? defaultPeriod(ctx),
      },
      ctx,
    ),
  );
  // The customer's rows and columns where they were; the added columns after the last one used.
  const width = table.rows.reduce((most, cells) => Math.max(most, cells.length), table.questionColumn + 1);
  const added = new Map<number, (string | number)[]>([[table.headerRow, ADDED_COLUMNS]]);
  table.questions.forEach(({ row }, index) => {
    added.set(row, cells(result.filled[index] as FilledQuestion));
  });
  const rows = table.rows.map((cells, row) => {
    const extra = added.get(row);
    return extra ? [...Array.from({ length: width }, (_, c) => cells[c]), ...extra] : cells;
  });
  if (options.out && /\.xlsx$/i.test(options.out))
    writeAtomically(
      options.out,
      workbookBytes([
        {
          name: table.sheet ?? "Questionnaire",
          rows,
          merges: table.merges,
          widths: [...Array.from({ length: width }, () => undefined), ...ADDED_WIDTHS],
        },
      ]),
    );
  else emit(csvText(rows.map((cells) => Array.from(cells, (value) => csvCell(value)))), options.out);
  const { questions, answered, flagged, unmatched } = result.fill;
  if (options.format === "json") {
    process.stderr.write(
      json({ questionnaire: result.fill.questionnaire, questions, answered, flagged, unmatched }),
    );
    return;
  }
  const share = (n: number) => (questions === 0 ? "–" : `${((n / questions) * 100).toFixed(1)} %`);
  process.stderr.write(
    [
      `${terminalText(result.fill.questionnaire)}${table.sheet === null ? "" : ` (sheet "${terminalText(table.sheet)}")`}: ${questions} questions`,
      `  answered from the library  ${answered} (${share(answered)})`,
      `  matched, flagged for review ${flagged} (${share(flagged)})`,
      `  left for a human           ${unmatched} (${share(unmatched)})`,
      result.recorded
        ? "recorded in the store (questionnaire_deflection_rate)"
        : "same fill as before: not recorded again",
      "",
    ].join("\n"),
  );
}

/** A CSV cell: as the spreadsheet shows it, an empty cell empty. */
function csvCell(value: CellValue | string | number | undefined): string {
  return value === undefined ? "" : cellText(value);
}

function cells(filled: FilledQuestion): (string | number)[] {
  const answer = filled.match?.answer;
  if (!answer) return ["", "", "", "", "", "", filled.status, ""];
  const { documents, metrics, controls } = answer.evidence;
  return [
    answer.answer,
    answer.short_answer,
    [...documents, ...metrics.map((id) => `metric:${id}`), ...controls.map((id) => `control:${id}`)].join(
      "; ",
    ),
    answer.frameworks.join("; "),
    (filled.match?.score ?? 0).toFixed(2),
    answer.question,
    filled.status,
    filled.flags.join("; "),
  ];
}

/** Through a temporary file renamed at the end: a failure leaves no half-written workbook. */
function writeAtomically(out: string, bytes: Uint8Array): void {
  mkdirSync(dirname(out), { recursive: true });
  const partial = `${out}.partial`;
  try {
    writeFileSync(partial, bytes);
    renameSync(partial, out);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
  process.stderr.write(`wrote ${out}\n`);
}

function readQuestionnaireFile(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch {
    throw new SecmetricsError("not_found", `no questionnaire ${file}`);
  }
}
