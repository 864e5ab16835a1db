import { Command, Option } from "commander";
import { computeKpis } from "../../app/compute-kpis.ts";
import { kpiJson } from "../../report/kpi-json.ts";
import { renderKpiTable } from "../../report/terminal.ts";
import { cliContext, defaultPeriod, withStore } from "../context.ts";
import { emit, json } from "../output.ts";

export const kpisCommand = new Command("kpis")
  .description("every metric for a period: value, target, status, trend and history")
  .option(
    "-p, --period <period>",
    "2026-09, 2026-Q3, 2026-W41 or an iteration name (default: last complete month)",
  )
  .addOption(new Option("--format <format>", "output format").choices(["table", "json"]).default("table"))
  .option("-o, --out <file>", "write to a file instead of stdout")
  .action(async (options: { period?: string; format: string; out?: string }, command: Command) => {
    const ctx = cliContext(command);
    const report = await withStore(ctx, (store) =>
      computeKpis(store, options.period ?? defaultPeriod(ctx), ctx),
    );
    emit(options.format === "json" ? json(kpiJson(report)) : renderKpiTable(report), options.out);
  });
