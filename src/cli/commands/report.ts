import { Command, Option } from "commander";
import { REPORT_FORMATS, REPORT_KINDS } from "../../report/report-kinds.ts";

export const reportCommand = new Command("report")
  .description("the iteration security-posture report, the monthly scorecard or the quarterly review pack")
  .argument("<kind>", `report kind: ${REPORT_KINDS.join(", ")}`)
  .option(
    "-p, --period <period>",
    "2026-09, 2026-Q3, 2026-W41 or an iteration name (default: last complete month)",
  )
  .option("-q, --quarter <quarter>", "quarterly: the quarter, 2026-Q3 (default: last complete quarter)")
  .addOption(new Option("--format <format>", "output format").choices(REPORT_FORMATS).default("md"))
  .option("-o, --out <file>", "write to a file instead of stdout")
  .action(async (kind, options, command) =>
    (await import("./report-action.ts")).runReport(kind, options, command),
  );
