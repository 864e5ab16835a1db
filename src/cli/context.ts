import type { Command } from "commander";
import { findMetric } from "../catalog/metrics.ts";
import { loadConfig } from "../config/load.ts";
import type { Config } from "../config/schema.ts";
import { periodContaining, previousPeriods } from "../model/period.ts";
import type { Store } from "../store/store.ts";

export const DEFAULT_DB = "secmetrics.db";

export interface GlobalOptions {
  db?: string;
  config?: string;
}

/** What every command needs, opened once from the global options. */
export interface CliContext {
  config: Config;
  now: number;
  openStore(): Promise<Store>;
}

export function cliContext(command: Command): CliContext {
  const options = command.optsWithGlobals<GlobalOptions>();
  const config = loadConfig(options.config, (id) => findMetric(id) !== undefined);
  const url = options.db || process.env.SECMETRICS_DB || DEFAULT_DB;
  // Kysely and the database drivers load only for the commands that open the store.
  const openStore = async () => (await import("../app/open-store.ts")).openStore(url);
  return { config, now: Date.now(), openStore };
}

/** The last complete month in the configured zone: the period a monthly review looks at. */
export function defaultPeriod(ctx: CliContext): string {
  const periodContext = { timezone: ctx.config.timezone, iterations: ctx.config.iterations };
  const current = periodContaining(ctx.now, "month", periodContext);
  return (previousPeriods(current, 1, periodContext)[0] ?? current).id;
}

export async function withStore<T>(ctx: CliContext, run: (store: Store) => Promise<T>): Promise<T> {
  const store = await ctx.openStore();
  try {
    return await run(store);
  } finally {
    await store.close();
  }
}
