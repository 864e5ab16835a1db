import { Command, Option } from "commander";
import { REPORT_KINDS } from "../help-values.ts";

/** Each has its renderer in report-action.ts. */
export const REPORT_FORMATS = ["md", "html", "json"] as const;

export const reportCommand = new Command("report")
  .description("the iteration security-posture report or the monthly scorecard")
  .argument("<kind>", `report kind: ${REPORT_KINDS.join(" or ")}`)
  .option(
    "-p, --period <period>",
    "2026-09, 2026-Q3, 2026-W41 or an iteration name (default: last complete month)",
  )
  .addOption(new Option("--format <format>", "output format").choices(REPORT_FORMATS).default("md"))
  .option("-o, --out <file>", "write to a file instead of stdout")
  .action(async (kind, options, command) =>
    (await import("./report-action.ts")).runReport(kind, options, command),
  );
