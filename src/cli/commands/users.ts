import { Command, Option } from "commander";
import { ROLES } from "../../model/role.ts";

const roleOption = () =>
  new Option("--role <role>", "viewer (read), editor (+ import), admin (+ users, tokens, audit log)")
    .choices(ROLES)
    .makeOptionMandatory();

export const usersCommand = new Command("users")
  .description("dashboard users: add (prints a one-time password), list, remove, reset-password")
  .addCommand(
    new Command("add")
      .description("add a user; prints a one-time password they must change at first login")
      .argument("<name>", "user name")
      .addOption(roleOption())
      .action(async (name, options, command) =>
        (await import("./users-action.ts")).runUsersAdd(name, options, command),
      ),
  )
  .addCommand(
    new Command("list")
      .description("every user with role and password state")
      .addOption(new Option("--format <format>", "output format").choices(["table", "json"]).default("table"))
      .action(async (options, command) => (await import("./users-action.ts")).runUsersList(options, command)),
  )
  .addCommand(
    new Command("remove")
      .description("remove a user and end their sessions")
      .argument("<name>", "user name")
      .action(async (name, _options, command) =>
        (await import("./users-action.ts")).runUsersRemove(name, command),
      ),
  )
  .addCommand(
    new Command("reset-password")
      .description("give a user a new one-time password and end their sessions")
      .argument("<name>", "user name")
      .action(async (name, _options, command) =>
        (await import("./users-action.ts")).runUsersResetPassword(name, command),
      ),
  );
