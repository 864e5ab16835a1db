import { runSources } from "../app/sources/run-sources.ts";
import type { SourceRunOptions } from "../app/sources/source-reader.ts";
import type { Config } from "../config/schema.ts";
import type { SourceRun } from "../store/source-run-store.ts";
import type { Store } from "../store/store.ts";

/** Runs the config's only source now, as `secmetrics pull` does, and returns its recorded run. */
export async function runOnlySource(
  store: Store,
  config: Config,
  run: SourceRunOptions,
  now: number,
): Promise<SourceRun> {
  const due = config.sources.map((source) => ({ source, dueAt: null }));
  const [result] = (await runSources(store, config, due, () => now, run)) ?? [];
  if (result?.status !== "ran") throw new Error("the source did not run");
  return result.run;
}
