import { Command, Option } from "commander";

export const exportCommand = new Command("export")
  .description(
    "data for other tools: every period's KPIs as openmetrics (Prometheus backfill, Grafana), a period's exceptions and audit findings as an OSCAL POA&M",
  )
  .addCommand(
    new Command("openmetrics")
      .description(
        "every period's value, target, status and trend as OpenMetrics text, each sample stamped with its period's end, for `promtool tsdb create-blocks-from openmetrics`",
      )
      .option("--from <period>", "first period (default: the one holding the earliest imported record)")
      .option("--to <period>", "last period (default: the last complete one)")
      .addOption(
        new Option("--kind <kind>", "period kind of the series")
          .choices(["month", "quarter", "week"])
          .default("month"),
      )
      .requiredOption("-o, --out <file>", "OpenMetrics file to write")
      .action(async (options, command) =>
        (await import("./export-action.ts")).runExportOpenMetrics(options, command),
      ),
  )
  .addCommand(
    new Command("oscal-poam")
      .description(
        "the approved exceptions in force and the open audit findings at a period's end as an OSCAL 1.1 plan of action and milestones (JSON)",
      )
      .requiredOption("--system-id <id>", "identifier of the system the plan is for (its system-id)")
      .option("-p, --period <period>", "period whose end the plan describes (default: last complete month)")
      .option("-o, --out <file>", "write to a file instead of stdout")
      .action(async (options, command) =>
        (await import("./export-action.ts")).runExportOscalPoam(options, command),
      ),
  );
