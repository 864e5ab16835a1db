import { Command, Option } from "commander";

const FORMAT = () =>
  new Option("--format <format>", "output format").choices(["table", "json"]).default("table");

export const sourcesCommand = new Command("sources")
  .description(
    "the configured sources `secmetrics serve` runs on their schedules: list them, or run them now",
  )
  .addCommand(
    new Command("list")
      .description("each source with its schedule, next run and last run")
      .addOption(FORMAT())
      .action(async (options, command) =>
        (await import("./sources-action.ts")).runSourcesList(options, command),
      ),
  )
  .addCommand(
    new Command("run")
      .description("run a source now, once, as its schedule would (without NAME: every enabled source)")
      .argument("[name]", "the source's name")
      .addOption(FORMAT())
      .action(async (name, options, command) =>
        (await import("./sources-action.ts")).runSourcesRun(name, options, command),
      ),
  );
