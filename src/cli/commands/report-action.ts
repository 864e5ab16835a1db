import type { Command } from "commander";
import { buildReport } from "../../report/build-report.ts";
import { renderHtml } from "../../report/html.ts";
import { renderMarkdown } from "../../report/markdown.ts";
import type { ReportModel } from "../../report/model.ts";
import { REPORT_KINDS, type ReportFormat, type ReportKind } from "../../report/report-kinds.ts";
import { cliContext, defaultPeriod, withStore } from "../context.ts";
import { checkChoice, emit, json } from "../output.ts";

const RENDERERS: Record<ReportFormat, (model: ReportModel) => string> = {
  md: renderMarkdown,
  html: renderHtml,
  json,
};

export async function runReport(
  kind: string,
  options: { period?: string; format: keyof typeof RENDERERS; out?: string },
  command: Command,
): Promise<void> {
  const reportKind = checkChoice<ReportKind>("kind", kind, REPORT_KINDS);
  const ctx = cliContext(command);
  const model = await withStore(ctx, (store) =>
    buildReport(store, reportKind, options.period ?? defaultPeriod(ctx), ctx),
  );
  emit(RENDERERS[options.format](model), options.out);
}
