import { Command, Option } from "commander";

export const pullCommand = new Command("pull")
  .description(
    "pull a configured connector source (an API such as GitHub's) now: what changed since its last pull is imported, as its schedule would",
  )
  .argument("<name>", "the source's name, as in sources:")
  .option(
    "--full",
    "pull everything again, ignoring where the last pull stopped (re-imports nothing already imported)",
  )
  .addOption(new Option("--format <format>", "output format").choices(["table", "json"]).default("table"))
  .action(async (name, options, command) =>
    (await import("./pull-action.ts")).runPull(name, options, command),
  );
