import type { Command } from "commander";
import { sendNotifications } from "../../app/send-notifications.ts";
import { recordSkippedBusy, runSources } from "../../app/sources/run-sources.ts";
import { nextRun } from "../../app/sources/schedule.ts";
import type { SourceConfig } from "../../config/sources.ts";
import { SecmetricsError } from "../../model/errors.ts";
import { sourceRunJson } from "../../report/provenance-json.ts";
import { terminalTable } from "../../report/terminal-table.ts";
import { terminalText } from "../../report/terminal-text.ts";
import { createSourceRunStore, type SourceRun } from "../../store/source-run-store.ts";
import type { Store } from "../../store/store.ts";
import { type CliContext, cliContext, defaultPeriod, withStore } from "../context.ts";
import { emit, json } from "../output.ts";

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export async function runSourcesList(options: { format: string }, command: Command): Promise<void> {
  const ctx = cliContext(command);
  const { sources } = ctx.config;
  if (sources.length === 0) return emit(options.format === "json" ? json([]) : NO_SOURCES, undefined);
  // A store not created yet has no run to show; listing the schedule needs none.
  const latest = await withStore(ctx, (store) => createSourceRunStore(store).latest()).catch(
    (error: unknown) => {
      if (error instanceof SecmetricsError && error.code === "not_found") return new Map<string, SourceRun>();
      throw error;
    },
  );
  const rows = sources.map((source) => ({
    name: source.name,
    kind: source.kind,
    schedule: source.schedule,
    timezone: source.timezone ?? "UTC",
    enabled: source.enabled,
    next_run: source.enabled ? iso(nextRun(source, ctx.now)) : null,
    last_run: runJson(latest.get(source.name)),
  }));
  if (options.format === "json") return emit(json(rows), undefined);
  const table = rows.map((row) => [
    row.name,
    row.kind,
    row.schedule,
    row.timezone,
    row.next_run ?? "disabled",
    row.last_run ? `${row.last_run.outcome ?? "running"} ${row.last_run.started_at}` : "never",
  ]);
  emit(terminalTable(["Source", "Kind", "Schedule", "Zone", "Next run", "Last run"], table), undefined);
}

export async function runSourcesRun(name: string | undefined, options: { format: string }, command: Command) {
  const ctx = cliContext(command, "writes");
  const chosen = chooseSources(ctx.config.sources, name);
  const results = await withStore(ctx, async (store) => {
    const now = () => Date.now();
    const ran = await runSources(
      store,
      ctx.config,
      chosen.map((source) => ({ source, dueAt: null })),
      now,
      { env: process.env },
    );
    if (ran === null) {
      for (const source of chosen) await recordSkippedBusy(store, source.name, null, now());
      throw busy();
    }
    if (ran.some((r) => r.status === "ran" && r.run.imported > 0)) await notifyImported(store, ctx);
    return ran.flatMap((r) => (r.status === "ran" ? [r.run] : []));
  });
  emit(options.format === "json" ? json(results.map(runJson)) : results.map(runText).join("\n"), undefined);
  const failed = results.filter((run) => run.outcome === "failed");
  if (failed.length > 0)
    throw new SecmetricsError(
      "invalid_input",
      `${failed.map((run) => run.source).join(", ")}: failed`,
      "the reason is above and in `secmetrics imports`; the inputs it could read were imported",
    );
}

/** Another run holds the store's sources: they run one at a time. */
export const busy = () =>
  new SecmetricsError(
    "unavailable",
    "another run of this store's sources is under way (a server's schedule, `sources run` or `pull`)",
    "run it again once that one is done; `secmetrics sources list` shows the last run of each",
  );

const NO_SOURCES =
  "no source configured: add sources: to secmetrics.yaml (see `secmetrics sources` in the README)";

function chooseSources(sources: readonly SourceConfig[], name: string | undefined): SourceConfig[] {
  if (name === undefined) {
    const enabled = sources.filter((source) => source.enabled);
    if (enabled.length === 0)
      throw new SecmetricsError("invalid_config", "no enabled source to run", NO_SOURCES);
    return enabled;
  }
  const source = sources.find((s) => s.name === name);
  if (!source)
    throw new SecmetricsError(
      "not_found",
      `no source named ${name}`,
      sources.length === 0 ? NO_SOURCES : `the sources: ${sources.map((s) => s.name).join(", ")}`,
    );
  return [source];
}

/** After an import, what the server's notifier does: the webhooks hear of what the new data changed. */
export async function notifyImported(store: Store, ctx: CliContext): Promise<void> {
  if (ctx.config.notifications.webhooks.length === 0) return;
  await sendNotifications(store, ctx.config, {
    periodId: defaultPeriod(ctx),
    now: Date.now(),
    dryRun: false,
    env: process.env,
  });
}

export function runJson(run: SourceRun | undefined) {
  return run && sourceRunJson(run);
}

export function runText(run: SourceRun): string {
  const counts = `${run.imported} imported (${run.records} records), ${run.unchanged} unchanged`;
  const line = `${run.source}: ${run.outcome} as run #${run.id}: ${counts}`;
  return run.error ? `${line}\n${terminalText(run.error)}` : line;
}
