import { Command, Option } from "commander";

export const exportCommand = new Command("export")
  .description("every period's KPIs for other tools: openmetrics (Prometheus backfill, Grafana)")
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
  );
