import { Command, Option } from "commander";

export const auditCommand = new Command("audit")
  .description("the audit log: who logged in, imported, exported, or changed users and tokens")
  .option("-n, --limit <n>", "most entries, latest first", "50")
  .addOption(new Option("--format <format>", "output format").choices(["table", "json"]).default("table"))
  .action(async (options, command) => (await import("./audit-action.ts")).runAudit(options, command));
