import { Command, Option } from "commander";

export const targetsCommand = new Command("targets")
  .description("scan targets: list them with their last scan, retire one that is gone, restore it")
  .addCommand(
    new Command("list")
      .description("every scan target and scanner: first and last scan, open findings, state")
      .addOption(new Option("--format <format>", "output format").choices(["table", "json"]).default("table"))
      .action(async (options, command) =>
        (await import("./targets-action.ts")).runTargetsList(options, command),
      ),
  )
  .addCommand(
    new Command("retire")
      .description("from now on, the target's open findings no longer count as open (audited)")
      .argument("<name>", "scan target, as `targets list` shows it")
      .option("--reason <text>", "why, kept with the retirement and in the audit log")
      .action(async (name, options, command) =>
        (await import("./targets-action.ts")).runTargetsRetire(name, options, command),
      ),
  )
  .addCommand(
    new Command("restore")
      .description("undo a retirement: the target's open findings count as open again from now (audited)")
      .argument("<name>", "scan target")
      .action(async (name, _options, command) =>
        (await import("./targets-action.ts")).runTargetsRestore(name, command),
      ),
  );
