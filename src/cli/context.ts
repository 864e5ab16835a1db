import { existsSync } from "node:fs";
import { dirname } from "node:path";
import type { Command } from "commander";
import { findMetric } from "../catalog/metrics.ts";
import { loadConfig } from "../config/load.ts";
import type { Config } from "../config/schema.ts";
import { SecmetricsError } from "../model/errors.ts";
import { lastCompletePeriod, periodContaining, previousPeriods } from "../model/period.ts";
import { isPostgresUrl } from "../store/engines.ts";
import type { LockWait } from "../store/lock-wait.ts";
import type { Store } from "../store/store.ts";

export const DEFAULT_DB = "secmetrics.db";

/**
 * How long a command's writes wait for an import of another process to
 * commit (SQLite writes one at a time): a command runs unattended, so it
 * waits out an import of tens of millions of rows rather than fail at once.
 */
export const CLI_LOCK_WAIT_MS = 10 * 60_000;

export interface GlobalOptions {
  db?: string;
  config?: string;
}

/** What every command needs, opened once from the global options. */
export interface CliContext {
  config: Config;
  now: number;
  /** `lockWait`: how its writes wait for another process's import; the CLI's own unless given. */
  openStore(lockWait?: LockWait): Promise<Store>;
}

/**
 * Whether the command may create the store: only commands that write to it
 * (import, probe, users, tokens) do. A command that only reads, pointed at a
 * path with no store, would otherwise create an empty one and report "no data"
 * for a typo in `--db`.
 */
export type StoreUse = "reads" | "writes";

export function cliContext(command: Command, use: StoreUse = "reads"): CliContext {
  const options = command.optsWithGlobals<GlobalOptions>();
  const config = loadConfig(options.config, (id) => findMetric(id) !== undefined);
  const url = options.db || process.env.SECMETRICS_DB || DEFAULT_DB;
  // Kysely and the database drivers load only for the commands that open the store.
  const openStore = async (lockWait: LockWait = cliLockWait(url)) => {
    checkStorePath(url, use);
    return (await import("../app/open-store.ts")).openStore(url, lockWait);
  };
  return { config, now: Date.now(), openStore };
}

function cliLockWait(url: string): LockWait {
  return {
    timeoutMs: CLI_LOCK_WAIT_MS,
    onWait: () =>
      process.stderr.write(
        `waiting for another import on ${url} to finish (SQLite writes one at a time; up to ${CLI_LOCK_WAIT_MS / 60_000} min)…\n`,
      ),
  };
}

/** A SQLite path the command cannot use, said before the driver fails or creates a file. */
function checkStorePath(url: string, use: StoreUse): void {
  if (isPostgresUrl(url) || url === ":memory:" || existsSync(url)) return;
  if (use === "reads")
    throw new SecmetricsError(
      "not_found",
      `no store at ${url}`,
      "import data first (`secmetrics import FILE` creates the store; `secmetrics init` writes a starter config), or point --db or SECMETRICS_DB at an existing store",
    );
  const folder = dirname(url);
  if (!existsSync(folder))
    throw new SecmetricsError(
      "storage",
      `cannot create the store ${url}: the folder ${folder} does not exist`,
      `create it first (mkdir -p ${folder}), or choose another --db`,
    );
}

/** The last complete month in the configured zone: the period a monthly review looks at. */
export function defaultPeriod(ctx: CliContext): string {
  const periodContext = { timezone: ctx.config.timezone, iterations: ctx.config.iterations };
  const current = periodContaining(ctx.now, "month", periodContext);
  return (previousPeriods(current, 1, periodContext)[0] ?? current).id;
}

/** The last complete quarter in the configured zone: the one a quarterly review looks at. */
export function defaultQuarter(ctx: CliContext): string {
  const periodContext = { timezone: ctx.config.timezone, iterations: ctx.config.iterations };
  return lastCompletePeriod(ctx.now, "quarter", periodContext).id;
}

export async function withStore<T>(ctx: CliContext, run: (store: Store) => Promise<T>): Promise<T> {
  const store = await ctx.openStore();
  try {
    return await run(store);
  } finally {
    await store.close();
  }
}
