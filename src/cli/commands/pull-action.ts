import type { Command } from "commander";
import { isConnectorSource } from "../../app/sources/connectors.ts";
import { recordSkippedBusy, runSources } from "../../app/sources/run-sources.ts";
import { SecmetricsError } from "../../model/errors.ts";
import { cliContext, withStore } from "../context.ts";
import { emit, json } from "../output.ts";
import { busy, notifyImported, runJson, runText } from "./sources-action.ts";

export async function runPull(
  name: string,
  options: { full?: boolean; format: string },
  command: Command,
): Promise<void> {
  const ctx = cliContext(command, "writes");
  const source = ctx.config.sources.find((s) => s.name === name);
  if (!source)
    throw new SecmetricsError(
      "not_found",
      `no source named ${name}`,
      "add it to sources: in secmetrics.yaml (see `secmetrics pull` in the README)",
    );
  if (!isConnectorSource(source))
    throw new SecmetricsError(
      "invalid_argument",
      `source ${name} is a ${source.kind} source, not an API to pull`,
      `run it with \`secmetrics sources run ${name}\``,
    );
  const run = await withStore(ctx, async (store) => {
    const now = () => Date.now();
    const ran = await runSources(store, ctx.config, [{ source, dueAt: null }], now, {
      env: process.env,
      full: options.full === true,
    });
    if (ran === null) {
      await recordSkippedBusy(store, name, null, now());
      throw busy();
    }
    const [result] = ran;
    if (result?.status !== "ran") throw busy();
    if (result.run.imported > 0) await notifyImported(store, ctx);
    return result.run;
  });
  emit(options.format === "json" ? json(runJson(run)) : runText(run), undefined);
  if (run.outcome === "failed")
    throw new SecmetricsError(
      "unavailable",
      `${name}: the pull failed`,
      "the reason is above; what was imported before it stays, and the next pull resumes from the last stream it finished",
    );
}
