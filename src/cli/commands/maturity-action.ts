import type { Command } from "commander";
import { maturityView } from "../../app/maturity-view.ts";
import { parsePeriod } from "../../model/period.ts";
import {
  maturityJson,
  renderMaturityMarkdown,
  renderMaturityTable,
  roadmapRegisterRows,
} from "../../report/maturity.ts";
import { cliContext, withStore } from "../context.ts";
import { csvText } from "../csv.ts";
import { emit, json } from "../output.ts";

export async function runMaturity(
  options: { scope?: string; period?: string; format: string; out?: string },
  command: Command,
): Promise<void> {
  const ctx = cliContext(command);
  const at = options.period
    ? parsePeriod(options.period, { timezone: ctx.config.timezone, iterations: ctx.config.iterations }).end
    : ctx.now;
  const status = await withStore(ctx, (store) =>
    maturityView(store, { at, scope: options.scope, config: ctx.config }),
  );
  const text =
    options.format === "json"
      ? json(maturityJson(status))
      : options.format === "md"
        ? renderMaturityMarkdown(status)
        : options.format === "csv"
          ? csvText(roadmapRegisterRows(status, Math.min(at, ctx.now)))
          : renderMaturityTable(status);
  emit(text, options.out);
}
