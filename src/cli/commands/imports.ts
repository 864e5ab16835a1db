import Table from "cli-table3";
import { Command, Option } from "commander";
import { cliContext, withStore } from "../context.ts";
import { emit, json } from "../output.ts";

export const importsCommand = new Command("imports")
  .description("every import so far: file, format, SHA-256, time and record counts (provenance)")
  .addOption(new Option("--format <format>", "output format").choices(["table", "json"]).default("table"))
  .action(async (options: { format: string }, command: Command) => {
    const ctx = cliContext(command);
    const imports = await withStore(ctx, (store) => store.listImports());
    if (options.format === "json") return emit(json(imports), undefined);
    const table = new Table({
      head: ["#", "File", "Format", "Feed", "Imported at", "Records", "Skipped", "SHA-256"],
      style: { head: [], border: [] },
    });
    for (const i of imports) {
      table.push([
        i.id,
        i.file_name,
        i.format,
        i.feed,
        new Date(i.imported_at).toISOString(),
        i.records,
        i.skipped,
        i.sha256.slice(0, 16),
      ]);
    }
    emit(table.toString(), undefined);
  });
