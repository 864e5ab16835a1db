import { Command, Option } from "commander";
import { FINDING_FILTERS } from "../help-values.ts";

export const findingsCommand = new Command("findings")
  .description(
    "the findings behind the vulnerability numbers: first seen, due date, age and source file:line",
  )
  .addOption(
    new Option(
      "--status <status>",
      "open at the period end, fixed in it, set apart, all, or open on targets not rescanned or retired",
    )
      .choices([...FINDING_FILTERS])
      .default("open"),
  )
  .option("--severity <list>", "critical, high, medium, low, info (comma-separated)")
  .option("--target <target>", "only this scan target (image, repository, host)")
  .option("-p, --period <period>", "judge at this period's end (default: now)")
  .option("--limit <n>", "most findings to list", "1000")
  .addOption(
    new Option("--format <format>", "output format").choices(["table", "json", "csv"]).default("table"),
  )
  .option("-o, --out <file>", "write to a file instead of stdout")
  .action(async (options, command) => (await import("./findings-action.ts")).runFindings(options, command));
