import { readFileSync } from "node:fs";
import { basename } from "node:path";
import type { Command } from "commander";
import { parse } from "csv-parse/sync";
import { type FilledQuestion, fillQuestionnaire } from "../../app/questionnaire-fill.ts";
import { InvalidInputError, SecmetricsError } from "../../model/errors.ts";
import { parseInstantOption } from "../../model/time.ts";
import { terminalText } from "../../report/terminal-text.ts";
import { cliContext, defaultPeriod, withStore } from "../context.ts";
import { csvText } from "../csv.ts";
import { emit, json } from "../output.ts";

const ADDED_COLUMNS = [
  "answer",
  "short_answer",
  "evidence",
  "frameworks",
  "match_score",
  "matched_question",
  "status",
  "flags",
];

export async function runQuestionnaireFill(
  file: string,
  options: { out?: string; period?: string; threshold: string; format: string; filledAt?: string },
  command: Command,
): Promise<void> {
  const threshold = Number(options.threshold);
  if (!(threshold > 0 && threshold <= 1))
    throw new SecmetricsError(
      "invalid_argument",
      `--threshold must be a number above 0 and at most 1 (got "${options.threshold}")`,
    );
  const bytes = readQuestionnaire(file);
  const [header = [], ...rows] = parseCsv(bytes, file);
  const column = header.findIndex((name) => name.trim().toLowerCase() === "question");
  if (column < 0)
    throw new InvalidInputError(file, [{ line: 1, reason: "no `question` column in the header row" }]);
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
        questions: rows.map((row) => row[column] ?? ""),
        threshold,
        evidencePeriod: options.period ?? defaultPeriod(ctx),
      },
      ctx,
    ),
  );
  const filledRows = rows.map((row, index) => [...row, ...cells(result.filled[index] as FilledQuestion)]);
  emit(csvText([[...header, ...ADDED_COLUMNS], ...filledRows]), options.out);
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
      `${terminalText(result.fill.questionnaire)}: ${questions} questions`,
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

function cells(filled: FilledQuestion): string[] {
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

function readQuestionnaire(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch {
    throw new SecmetricsError("not_found", `no questionnaire ${file}`);
  }
}

function parseCsv(bytes: Buffer, file: string): string[][] {
  try {
    return parse(bytes, { bom: true, skip_empty_lines: true, relax_column_count: true }) as string[][];
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    throw new InvalidInputError(file, [{ line, reason: (error as Error).message }]);
  }
}
