import { Command, Option } from "commander";

export const questionnaireCommand = new Command("questionnaire")
  .description("security questionnaires answered from the answer library")
  .addCommand(
    new Command("fill")
      .description(
        "fill each question of a CSV or .xlsx questionnaire (its question column) from the imported answer library: answer, evidence and match score, flagged when the answer is past review or its evidence metric is stale or missed; prints the coverage",
      )
      .argument("<questionnaire>", "CSV with a header row, or an .xlsx workbook, with a question column")
      .option(
        "-o, --out <file>",
        "filled questionnaire to write: .xlsx for a workbook, else CSV (default: CSV on stdout)",
      )
      .option(
        "--sheet <name>",
        "the workbook's sheet to fill (default: the one sheet with a question column)",
      )
      .option(
        "--question-column <column>",
        "the question column: its header text or its letter (default: the header `Question`, else the one header mentioning question)",
      )
      .option(
        "-p, --period <period>",
        "period whose metric statuses judge each answer's evidence (default: last complete month)",
      )
      .option("--threshold <score>", "lowest match score (0–1) an answer is used at", "0.5")
      .option(
        "--filled-at <time>",
        "when the questionnaire was answered (ISO 8601, default now): the period its fill counts in, and the day review dates are judged at",
      )
      .addOption(
        new Option("--format <format>", "coverage summary format")
          .choices(["table", "json"])
          .default("table"),
      )
      .action(async (file, options, command) =>
        (await import("./questionnaire-action.ts")).runQuestionnaireFill(file, options, command),
      ),
  );
