import type { Command } from "commander";
import { importHistory } from "../../app/import-history.ts";
import { importHistoryJson, importJson } from "../../report/provenance-json.ts";
import { terminalTable } from "../../report/terminal-table.ts";
import { terminalText } from "../../report/terminal-text.ts";
import { createSourceRunStore, type SourceRun } from "../../store/source-run-store.ts";
import type { Store } from "../../store/store.ts";
import { cliContext, withStore } from "../context.ts";
import { emit, json } from "../output.ts";

export async function runImports(
  options: { format: string; sourceRuns?: boolean },
  command: Command,
): Promise<void> {
  const ctx = cliContext(command);
  const { history, failing } = await withStore(ctx, async (store) => ({
    history: await importHistory(store),
    failing: await failingSources(store),
  }));
  if (options.format === "json")
    return emit(
      json(options.sourceRuns ? importHistoryJson(history) : history.imports.map(importJson)),
      undefined,
    );
  const rows = history.imports.map((i) => [
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
  if (options.sourceRuns) emit(runsText("Latest source runs", history.sourceRuns), undefined);
  else if (failing.length > 0) emit(runsText("Sources whose last run failed", failing), undefined);
}

/** Sources whose last run failed: a source that stopped delivering shows up beside what it delivered. */
async function failingSources(store: Store): Promise<SourceRun[]> {
  const latest = await createSourceRunStore(store).latest();
  return [...latest.values()].filter((run) => run.outcome === "failed" || run.outcome === "skipped_busy");
}

function runsText(title: string, runs: readonly SourceRun[]): string {
  const rows = runs.map((run) => [
    run.source,
    run.due_at === null ? "by hand" : new Date(run.due_at).toISOString(),
    new Date(run.started_at).toISOString(),
    run.outcome ?? "running",
    `${run.imported}/${run.unchanged}/${run.records}`,
    terminalText(run.error ?? ""),
  ]);
  const head = ["Source", "Due", "Started at", "Outcome", "Imported/unchanged/records", "Error"];
  return `\n${title}:\n${terminalTable(head, rows)}`;
}
