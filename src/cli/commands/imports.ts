import { Command, Option } from "commander";

export const importsCommand = new Command("imports")
  .description("every import so far: file, format, SHA-256, time and record counts (provenance)")
  .addOption(new Option("--format <format>", "output format").choices(["table", "json"]).default("table"))
  .action(async (options, command) => (await import("./imports-action.ts")).runImports(options, command));
