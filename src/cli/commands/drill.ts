import { Command, Option } from "commander";

export const drillCommand = new Command("drill")
  .description("the records behind a metric's value, each with the file, line and hash it came from")
  .argument("<metric>", "metric id (see `secmetrics catalog`)")
  .option("-p, --period <period>", "period (default: last complete month)")
  .option("--limit <n>", "most records to list", "1000")
  .addOption(
    new Option("--format <format>", "output format").choices(["table", "json", "csv"]).default("table"),
  )
  .option("-o, --out <file>", "write to a file instead of stdout")
  .action(async (metric, options, command) =>
    (await import("./drill-action.ts")).runDrill(metric, options, command),
  );
