import { Command, Option } from "commander";
import { ROLES } from "../../model/role.ts";

export const tokensCommand = new Command("tokens")
  .description("API bearer tokens for machines (Grafana, CI): create (printed once), list, revoke")
  .addCommand(
    new Command("create")
      .description("create a token; it is printed once and stored only as its SHA-256")
      .addOption(new Option("--role <role>", "viewer, editor or admin").choices(ROLES).makeOptionMandatory())
      .requiredOption("--name <name>", "what uses it, e.g. grafana")
      .action(async (options, command) =>
        (await import("./tokens-action.ts")).runTokensCreate(options, command),
      ),
  )
  .addCommand(
    new Command("list")
      .description("every token with role, creation and last use (never the token itself)")
      .addOption(new Option("--format <format>", "output format").choices(["table", "json"]).default("table"))
      .action(async (options, command) =>
        (await import("./tokens-action.ts")).runTokensList(options, command),
      ),
  )
  .addCommand(
    new Command("revoke")
      .description("revoke a token by id, or every active token of a name")
      .argument("<id-or-name>", "token id (tokens list) or name")
      .action(async (idOrName, _options, command) =>
        (await import("./tokens-action.ts")).runTokensRevoke(idOrName, command),
      ),
  );
