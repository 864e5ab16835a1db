import Table from "cli-table3";
import { Command, Option } from "commander";
import pc from "picocolors";
import { computeKpis } from "../../app/compute-kpis.ts";
import { resolveCatalog } from "../../catalog/resolve.ts";
import { formatTarget } from "../../model/format.ts";
import { CATEGORY_NAMES } from "../../model/metric-definition.ts";
import { lintCatalog } from "../../review/lint.ts";
import { cliContext, defaultPeriod, withStore } from "../context.ts";
import { emit, json } from "../output.ts";

const formatOption = () =>
  new Option("--format <format>", "output format").choices(["table", "json"]).default("table");

const lintCommand = new Command("lint")
  .description("check the catalog against the prohibited practices (exit 1 on errors)")
  .option(
    "-p, --period <period>",
    "period whose negative trends must have owners (default: last complete month)",
  )
  .option("--no-data", "check the configuration only, without reading the store")
  .addOption(formatOption())
  .action(async (options: { period?: string; data: boolean; format: string }, command: Command) => {
    const ctx = cliContext(command);
    const catalog = resolveCatalog(ctx.config);
    const kpis = options.data
      ? await withStore(ctx, (store) => computeKpis(store, options.period ?? defaultPeriod(ctx), ctx))
      : undefined;
    const findings = lintCatalog(catalog, kpis);
    const errors = findings.filter((f) => f.level === "error").length;
    if (options.format === "json") {
      emit(json({ errors, warnings: findings.length - errors, findings }), undefined);
    } else {
      for (const finding of findings) {
        const level = finding.level === "error" ? pc.red("error") : pc.yellow("warning");
        process.stdout.write(`${level} ${finding.practice}: ${finding.message}\n`);
      }
      process.stdout.write(`${errors} errors, ${findings.length - errors} warnings\n`);
    }
    if (errors > 0) process.exitCode = 1;
  });

export const catalogCommand = new Command("catalog")
  .description("every metric: category, owner, target, direction, unit, sources")
  .addOption(formatOption())
  .action((options: { format: string }, command: Command) => {
    const catalog = resolveCatalog(cliContext(command).config);
    if (options.format === "json") {
      emit(json(catalog), undefined);
      return;
    }
    const table = new Table({
      head: ["Id", "Category", "Owner", "Target", "Direction", "Unit", "Sources"],
      style: { head: [], border: [] },
      wordWrap: true,
      colWidths: [30, 22, 20, 16, 10, 9, 30],
    });
    for (const metric of catalog) {
      table.push([
        metric.id,
        CATEGORY_NAMES[metric.category],
        metric.owner ?? pc.red("no owner"),
        formatTarget(metric.target, metric.unit),
        metric.direction,
        metric.unit,
        metric.sources.join(", ") || pc.dim("no importer yet"),
      ]);
    }
    emit(table.toString(), undefined);
  })
  .addCommand(lintCommand);
