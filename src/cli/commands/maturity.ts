import { Command, Option } from "commander";

export const maturityCommand = new Command("maturity")
  .description(
    "OWASP SAMM maturity per practice for each scope: score and level, the change since the previous assessment, and the roadmap to the targets",
  )
  .option("--scope <scope>", "one assessed scope (a team, a product) only")
  .option("-p, --period <period>", "as at the end of this period (default: now)")
  .addOption(
    new Option("--format <format>", "output format; csv: the roadmap as an action items register")
      .choices(["table", "json", "md", "csv"])
      .default("table"),
  )
  .option("-o, --out <file>", "write to a file instead of stdout")
  .action(async (options, command) => (await import("./maturity-action.ts")).runMaturity(options, command));
