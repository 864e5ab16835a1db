import { Command, Option } from "commander";

const formatOption = () =>
  new Option("--format <format>", "output format").choices(["table", "json"]).default("table");

const lintCommand = new Command("lint")
  .description("check the catalog against the prohibited practices (exit 1 on errors)")
  .option(
    "-p, --period <period>",
    "period whose negative trends must have owners (default: last complete month)",
  )
  .option("--no-data", "check the configuration only, without reading the store")
  .addOption(formatOption())
  .action(async (options, command) => (await import("./catalog-action.ts")).runCatalogLint(options, command));

export const catalogCommand = new Command("catalog")
  .description("every metric: category, owner, target, direction, unit, sources")
  .addOption(formatOption())
  .action(async (options, command) => (await import("./catalog-action.ts")).runCatalog(options, command))
  .addCommand(lintCommand);
