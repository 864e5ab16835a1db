import type { Command } from "commander";
import { importJson } from "../../report/provenance-json.ts";
import { terminalTable } from "../../report/terminal-table.ts";
import { cliContext, withStore } from "../context.ts";
import { emit, json } from "../output.ts";

export async function runImports(options: { format: string }, command: Command): Promise<void> {
  const ctx = cliContext(command);
  const imports = await withStore(ctx, (store) => store.listImports());
  if (options.format === "json") return emit(json(imports.map(importJson)), undefined);
  const rows = imports.map((i) => [
    i.id,
    i.file_name,
    i.format,
    i.feed,
    new Date(i.imported_at).toISOString(),
    i.records,
    i.skipped,
    i.sha256.slice(0, 16),
  ]);
  const head = ["#", "File", "Format", "Feed", "Imported at", "Records", "Skipped", "SHA-256"];
  emit(terminalTable(head, rows), undefined);
}
