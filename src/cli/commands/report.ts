import { Command, Option } from "commander";
import { buildReport, REPORT_KINDS, type ReportKind } from "../../report/build-report.ts";
import { renderHtml } from "../../report/html.ts";
import { renderMarkdown } from "../../report/markdown.ts";
import { cliContext, defaultPeriod, withStore } from "../context.ts";
import { checkChoice, emit, json } from "../output.ts";

const RENDERERS = { md: renderMarkdown, html: renderHtml, json } as const;

export const reportCommand = new Command("report")
  .description("the iteration security-posture report or the monthly scorecard")
  .argument("<kind>", `report kind: ${REPORT_KINDS.join(" or ")}`)
  .option(
    "-p, --period <period>",
    "2026-09, 2026-Q3, 2026-W41 or an iteration name (default: last complete month)",
  )
  .addOption(new Option("--format <format>", "output format").choices(Object.keys(RENDERERS)).default("md"))
  .option("-o, --out <file>", "write to a file instead of stdout")
  .action(
    async (
      kind: string,
      options: { period?: string; format: keyof typeof RENDERERS; out?: string },
      command,
    ) => {
      const reportKind = checkChoice<ReportKind>("kind", kind, REPORT_KINDS);
      const ctx = cliContext(command);
      const model = await withStore(ctx, (store) =>
        buildReport(store, reportKind, options.period ?? defaultPeriod(ctx), ctx),
      );
      emit(RENDERERS[options.format](model), options.out);
    },
  );
