import Table from "cli-table3";
import type { Command } from "commander";
import { importJson } from "../../report/provenance-json.ts";
import { cliContext, withStore } from "../context.ts";
import { emit, json } from "../output.ts";

export async function runImports(options: { format: string }, command: Command): Promise<void> {
  const ctx = cliContext(command);
  const imports = await withStore(ctx, (store) => store.listImports());
  if (options.format === "json") return emit(json(imports.map(importJson)), undefined);
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
}
