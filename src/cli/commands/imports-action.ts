import type { Command } from "commander";
import { importJson } from "../../report/provenance-json.ts";
import { terminalTable } from "../../report/terminal-table.ts";
import { terminalText } from "../../report/terminal-text.ts";
import { createSourceRunStore, type SourceRun } from "../../store/source-run-store.ts";
import type { Store } from "../../store/store.ts";
import { cliContext, withStore } from "../context.ts";
import { emit, json } from "../output.ts";

export async function runImports(options: { format: string }, command: Command): Promise<void> {
  const ctx = cliContext(command);
  const { imports, failing } = await withStore(ctx, async (store) => ({
    imports: await store.listImports(),
    failing: await failingSources(store),
  }));
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
  if (failing.length > 0) emit(failingText(failing), undefined);
}

/** Sources whose last run failed: a source that stopped delivering shows up beside what it delivered. */
async function failingSources(store: Store): Promise<SourceRun[]> {
  const latest = await createSourceRunStore(store).latest();
  return [...latest.values()].filter((run) => run.outcome === "failed" || run.outcome === "skipped_busy");
}

function failingText(runs: readonly SourceRun[]): string {
  const rows = runs.map((run) => [
    run.source,
    new Date(run.started_at).toISOString(),
    run.outcome ?? "",
    terminalText(run.error ?? ""),
  ]);
  return `\nSources whose last run failed:\n${terminalTable(["Source", "Started at", "Outcome", "Error"], rows)}`;
}
