import type { Command } from "commander";
import { computeKpis } from "../../app/compute-kpis.ts";
import { kpiJson } from "../../report/kpi-json.ts";
import { cliContext, defaultPeriod, withStore } from "../context.ts";
import { emit, json } from "../output.ts";

export async function runKpis(
  options: { period?: string; format: string; out?: string },
  command: Command,
): Promise<void> {
  const ctx = cliContext(command);
  const report = await withStore(ctx, (store) =>
    computeKpis(store, options.period ?? defaultPeriod(ctx), ctx),
  );
  if (options.format === "json") {
    emit(json(kpiJson(report)), options.out);
    return;
  }
  // The table renderer and its packages load only for the table.
  const { renderKpiTable } = await import("../../report/terminal.ts");
  emit(renderKpiTable(report, ctx.config.timezone), options.out);
}
