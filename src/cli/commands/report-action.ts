import type { Command } from "commander";
import { SecmetricsError } from "../../model/errors.ts";
import { buildReport } from "../../report/build-report.ts";
import { renderHtml } from "../../report/html.ts";
import { renderMarkdown } from "../../report/markdown.ts";
import type { ReportModel } from "../../report/model.ts";
import { REPORT_KINDS, type ReportFormat, type ReportKind } from "../../report/report-kinds.ts";
import { type CliContext, cliContext, defaultPeriod, defaultQuarter, withStore } from "../context.ts";
import { checkChoice, emit, json } from "../output.ts";

const RENDERERS: Record<ReportFormat, (model: ReportModel) => string> = {
  md: renderMarkdown,
  html: renderHtml,
  json,
};

export async function runReport(kind: string, options: ReportOptions, command: Command): Promise<void> {
  const reportKind = checkChoice<ReportKind>("kind", kind, REPORT_KINDS);
  const ctx = cliContext(command);
  const period = periodOf(reportKind, options, ctx);
  const model = await withStore(ctx, (store) => buildReport(store, reportKind, period, ctx));
  emit(RENDERERS[options.format](model), options.out);
}

interface ReportOptions {
  period?: string;
  quarter?: string;
  format: keyof typeof RENDERERS;
  out?: string;
}

/** The quarterly report is of a quarter (`--quarter`, or a quarter as `--period`); the others of any period. */
function periodOf(kind: ReportKind, options: ReportOptions, ctx: CliContext): string {
  if (kind === "quarterly") return options.quarter ?? options.period ?? defaultQuarter(ctx);
  if (options.quarter !== undefined)
    throw new SecmetricsError(
      "invalid_argument",
      `--quarter is for the quarterly report, not the ${kind}`,
      `give the quarter as --period ${options.quarter}`,
    );
  return options.period ?? defaultPeriod(ctx);
}
