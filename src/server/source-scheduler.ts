import type { Logger } from "pino";
import type { Environment } from "../app/sources/connector.ts";
import {
  type DueSource,
  recordSkippedBusy,
  runSources,
  type SourceRunResult,
} from "../app/sources/run-sources.ts";
import { dueInstant, nextRun } from "../app/sources/schedule.ts";
import type { Config } from "../config/schema.ts";
import { createSourceRunStore } from "../store/source-run-store.ts";
import type { Store } from "../store/store.ts";

export interface SourceSchedulerOptions {
  store: Store;
  config: Config;
  logger: Logger;
  /** The clock (tests drive it). */
  now?: () => number;
  /** After a run imported something: the notifier's run after an import. */
  onImported?: () => void;
  /** How soon a run found the store busy is tried again; default 30 s. */
  retryMs?: number;
  /** Where the connectors' credentials are read from; default the process's environment. */
  env?: Environment;
}

/** The server's runs of the configured sources at their scheduled instants. */
export interface SourceScheduler {
  /**
   * Runs every enabled source due since it was last run (or since the
   * scheduler started), and resolves when they are done. Runs go one tick at
   * a time; `start` ticks at each due instant, tests tick with their clock.
   */
  tick(): Promise<SourceRunResult[]>;
  /** Ticks at each due instant until `stop`. */
  start(): void;
  /** Stops the timer and waits for a tick under way. */
  stop(): Promise<void>;
}

/** A source due at a scheduled instant (a run by hand has none). */
type ScheduledRun = DueSource & { dueAt: number };

/**
 * The longest the timer sleeps: the next due instant is computed again on
 * waking, so a wall clock set forward or back is caught within this.
 */
const MAX_SLEEP_MS = 60_000;

export function createSourceScheduler(options: SourceSchedulerOptions): SourceScheduler {
  const { store, config, logger } = options;
  const now = options.now ?? Date.now;
  const retryMs = options.retryMs ?? 30_000;
  const sources = config.sources.filter((source) => source.enabled);
  const startedAt = now();
  /** Per source, the due instant it was last run for: the next run is the one after it. */
  const since = new Map(sources.map((source) => [source.name, startedAt]));
  /** Per source, the due instant a run found the store busy for, tried again until a later one is due. */
  const waiting = new Map<string, number>();
  let caughtUp: Promise<void> | null = null;
  let running: Promise<SourceRunResult[]> | null = null;
  let timer: NodeJS.Timeout | undefined;
  let stopped = true;

  const dueNow = (at: number): ScheduledRun[] =>
    sources.flatMap((source) => {
      const dueAt = dueInstant(source, since.get(source.name) ?? startedAt, at);
      return dueAt === null ? [] : [{ source, dueAt }];
    });

  /**
   * A source that catches up (the default) and missed scheduled instants
   * while no server ran: from the last instant recorded for it, so its first
   * tick runs it once, for the latest instant missed. A source never run
   * before has missed nothing.
   */
  const catchUp = async () => {
    const lastDue = await createSourceRunStore(store).latestDue();
    for (const source of sources) {
      const last = lastDue.get(source.name);
      if (!source.catch_up || last === undefined || last >= startedAt) continue;
      const missed = dueInstant(source, last, startedAt);
      if (missed === null) continue;
      since.set(source.name, last);
      logger.info(
        { source: source.name, due_at: new Date(missed).toISOString() },
        "source missed its scheduled run while no server ran: running it once now",
      );
    }
  };
  const caughtUpOnce = () => {
    caughtUp ??= catchUp().catch((error: unknown) =>
      logger.error({ err: error }, "sources: the runs missed could not be read; none caught up"),
    );
    return caughtUp;
  };

  const runDue = async (): Promise<SourceRunResult[]> => {
    const at = now();
    const due = dueNow(at);
    await recordSuperseded(due, at);
    if (due.length === 0) return [];
    const results = await runSources(store, config, due, now, { env: options.env ?? process.env });
    if (results === null) {
      for (const { source, dueAt } of due) waiting.set(source.name, dueAt);
      logger.info(
        { sources: due.map((d) => d.source.name) },
        "sources: another run is under way; trying again",
      );
      return [];
    }
    for (const { source, dueAt } of due) {
      since.set(source.name, dueAt);
      waiting.delete(source.name);
    }
    logResults(logger, results);
    if (results.some((r) => r.status === "ran" && r.run.imported > 0)) options.onImported?.();
    return results;
  };

  /** A run that waited for the store past its source's next instant was skipped: said so in its record. */
  const recordSuperseded = async (due: readonly ScheduledRun[], at: number) => {
    for (const { source, dueAt } of due) {
      const waited = waiting.get(source.name);
      if (waited === undefined || waited === dueAt) continue;
      waiting.delete(source.name);
      const run = await recordSkippedBusy(store, source.name, waited, at);
      if (run)
        logger.warn(
          { source: source.name, due_at: new Date(waited).toISOString() },
          "source run skipped: busy",
        );
    }
  };

  const wake = () => {
    if (stopped) return;
    const at = now();
    const next = Math.min(
      ...sources.map((source) => nextRun(source, since.get(source.name) ?? startedAt)),
      ...(waiting.size > 0 ? [at + retryMs] : []),
    );
    timer = setTimeout(
      async () => {
        await scheduler.tick().catch((error: unknown) => logger.error({ err: error }, "sources: run failed"));
        wake();
      },
      Math.min(Math.max(next - at, 0), MAX_SLEEP_MS),
    );
    timer.unref();
  };

  const scheduler: SourceScheduler = {
    async tick() {
      await caughtUpOnce();
      while (running) await running;
      running = runDue();
      try {
        return await running;
      } finally {
        running = null;
      }
    },
    start() {
      if (!stopped || sources.length === 0) return;
      stopped = false;
      void caughtUpOnce().then(wake);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await caughtUp;
      await running;
    },
  };
  return scheduler;
}

function logResults(logger: Logger, results: readonly SourceRunResult[]): void {
  for (const result of results) {
    if (result.status === "taken") {
      logger.info({ source: result.source }, "source already run by another server");
      continue;
    }
    const { run } = result;
    const fields = {
      source: run.source,
      run: run.id,
      imported: run.imported,
      unchanged: run.unchanged,
      records: run.records,
    };
    if (run.outcome === "ok") logger.info(fields, "source run");
    else logger.warn({ ...fields, error: run.error }, "source run failed");
  }
}
