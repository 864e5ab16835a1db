import { Command, Option } from "commander";

export const notifyCommand = new Command("notify")
  .description(
    "send the configured webhooks the events not sent yet: worsening metrics, stale sources, expiring exceptions, new contracts",
  )
  .option(
    "-p, --period <period>",
    "the period whose metrics are reviewed (default: last complete month); exceptions are judged now",
  )
  .option("--dry-run", "show what would be sent; send and record nothing")
  .addOption(new Option("--format <format>", "output format").choices(["table", "json"]).default("table"))
  .action(async (options, command) => (await import("./notify-action.ts")).runNotify(options, command));
