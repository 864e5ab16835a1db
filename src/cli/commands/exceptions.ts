import { Command, Option } from "commander";
import { EXCEPTION_DECISIONS, EXCEPTION_STATUSES, EXCEPTION_TYPES } from "../help-values.ts";

const formatOption = () =>
  new Option("--format <format>", "output format").choices(["table", "json"]).default("table");
const asOption = () =>
  new Option("--as <name>", "who acts, as the audit log names them (default: cli:<OS user>)");
const noteOption = () => new Option("--note <text>", "why, kept in the audit log");

const decision = (name: "approve" | "reject" | "revoke" | "renew", description: string, expiry?: string) => {
  const command = new Command(name)
    .description(description)
    .argument("<id>", "the exception's id in the dashboard's register (DASH-0001)")
    .addOption(asOption())
    .addOption(noteOption())
    .addOption(formatOption());
  if (expiry) command.option("--expires <date>", expiry);
  return command.action(async (id, options, command) =>
    (await import("./exceptions-action.ts")).runExceptionAction(name, id, options, command),
  );
};

export const exceptionsCommand = new Command("exceptions")
  .description(
    "the exceptions register: list the one in force; request, approve, reject, revoke or renew the dashboard's own (audited)",
  )
  .addCommand(
    new Command("list")
      .description("each register's latest snapshot, the soonest expiry first, with its state now")
      .addOption(new Option("--status <status>", "only this status").choices(EXCEPTION_STATUSES))
      .option("--expiring", "only those expiring within 30 days, or expired")
      .addOption(formatOption())
      .action(async (options, command) =>
        (await import("./exceptions-action.ts")).runExceptionsList(options, command),
      ),
  )
  .addCommand(
    new Command("request")
      .description("ask for an exception; someone else approves it")
      .addOption(new Option("--type <type>", "what it waives").choices(EXCEPTION_TYPES).makeOptionMandatory())
      .requiredOption("--title <text>", "what it is, in a line")
      .addOption(new Option("--decision <decision>", "the risk decision").choices(EXCEPTION_DECISIONS))
      .option("--controls <ids>", "controls it waives, separated by commas")
      .option("--checks <ids>", "checks it waives, separated by commas")
      .option("--assets <ids>", "assets it covers, separated by commas")
      .option("--findings <ids>", "findings it accepts, separated by commas")
      .option("--owner <name>", "who owns the risk")
      .option("--compensating <controls>", "compensating controls, separated by semicolons")
      .option("--expires <date>", "the expiry asked for (ISO 8601 date or time)")
      .option("--ticket <ref>", "the ticket that tracks it")
      .addOption(asOption())
      .addOption(noteOption())
      .addOption(formatOption())
      .action(async (options, command) =>
        (await import("./exceptions-action.ts")).runExceptionAction("request", undefined, options, command),
      ),
  )
  .addCommand(
    decision(
      "approve",
      "approve a requested exception (not one you requested); it needs an expiry",
      "the expiry (default: the one requested)",
    ),
  )
  .addCommand(decision("reject", "reject a requested exception (its requester may withdraw it)"))
  .addCommand(decision("revoke", "revoke an approved exception from now"))
  .addCommand(
    decision(
      "renew",
      "move an approved exception's expiry later (not one you requested)",
      "the new expiry (required)",
    ),
  );
