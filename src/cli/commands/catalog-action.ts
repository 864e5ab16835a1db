import type { Command } from "commander";
import pc from "picocolors";
import { computeKpis } from "../../app/compute-kpis.ts";
import { resolveCatalog } from "../../catalog/resolve.ts";
import { formatTarget } from "../../model/format.ts";
import { CATEGORY_NAMES } from "../../model/metric-definition.ts";
import { Styled, terminalTable } from "../../report/terminal-table.ts";
import { terminalText } from "../../report/terminal-text.ts";
import { lintCatalog } from "../../review/lint.ts";
import { cliContext, defaultPeriod, withStore } from "../context.ts";
import { emit, json } from "../output.ts";

export async function runCatalogLint(
  options: { period?: string; data: boolean; format: string },
  command: Command,
): Promise<void> {
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
      process.stdout.write(`${level} ${terminalText(finding.practice)}: ${terminalText(finding.message)}\n`);
    }
    process.stdout.write(`${errors} errors, ${findings.length - errors} warnings\n`);
  }
  if (errors > 0) process.exitCode = 1;
}

export function runCatalog(options: { format: string }, command: Command): void {
  const catalog = resolveCatalog(cliContext(command).config);
  if (options.format === "json") {
    emit(json(catalog), undefined);
    return;
  }
  const rows = catalog.map((metric) => [
    metric.id,
    CATEGORY_NAMES[metric.category],
    metric.owner ?? new Styled(pc.red("no owner")),
    formatTarget(metric.target, metric.unit),
    metric.direction,
    metric.unit,
    metric.chart,
    metric.sources.join(", ") || new Styled(pc.dim("no importer yet")),
  ]);
  const head = ["Id", "Category", "Owner", "Target", "Direction", "Unit", "Chart", "Sources"];
  emit(terminalTable(head, rows, { wordWrap: true, colWidths: [30, 22, 20, 16, 10, 9, 7, 30] }), undefined);
}
