import { Command, Option } from "commander";

export const kpisCommand = new Command("kpis")
  .description("every metric for a period: value, target, status, trend and history")
  .option(
    "-p, --period <period>",
    "2026-09, 2026-Q3, 2026-W41 or an iteration name (default: last complete month)",
  )
  .addOption(new Option("--format <format>", "output format").choices(["table", "json"]).default("table"))
  .option("-o, --out <file>", "write to a file instead of stdout")
  .action(async (options, command) => (await import("./kpis-action.ts")).runKpis(options, command));
