import { Command, Option } from "commander";

export const importsCommand = new Command("imports")
  .description("every import so far: file, format, SHA-256, time and record counts (provenance)")
  .addOption(new Option("--format <format>", "output format").choices(["table", "json"]).default("table"))
  .option(
    "--source-runs",
    "with --format json: write {imports, source_runs}, the imports and the latest runs of the scheduled sources, as GET /api/v1/imports does",
  )
  .action(async (options, command) => (await import("./imports-action.ts")).runImports(options, command));
