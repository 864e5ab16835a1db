import Table from "cli-table3";
import { Command, Option } from "commander";
import { addUser, cliActor, removeUser, resetPassword } from "../../auth/accounts.ts";
import { ROLES } from "../../model/role.ts";
import { createAuthStore } from "../../store/auth-store.ts";
import { cliContext, withStore } from "../context.ts";
import { emit, json } from "../output.ts";

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
      .action(async (name: string, options: { role: string }, command: Command) => {
        const ctx = cliContext(command);
        const { user, password } = await withStore(ctx, (store) =>
          addUser(createAuthStore(store), { name, role: options.role, actor: cliActor(), now: Date.now() }),
        );
        emit(
          `added ${user.name} (${user.role})\none-time password: ${password}\nit is shown only now; ${user.name} must choose a new one at first login\n`,
          undefined,
        );
      }),
  )
  .addCommand(
    new Command("list")
      .description("every user with role and password state")
      .addOption(new Option("--format <format>", "output format").choices(["table", "json"]).default("table"))
      .action(async (options: { format: string }, command: Command) => {
        const ctx = cliContext(command);
        const users = await withStore(ctx, (store) => createAuthStore(store).listUsers());
        if (options.format === "json") return emit(json(users), undefined);
        const table = new Table({
          head: ["User", "Role", "Created", "Password"],
          style: { head: [], border: [] },
        });
        for (const u of users)
          table.push([
            u.name,
            u.role,
            new Date(u.created_at).toISOString(),
            u.must_change_password ? "one-time (not changed yet)" : "set by the user",
          ]);
        emit(
          users.length === 0 ? "no users yet: secmetrics users add <name> --role admin" : table.toString(),
          undefined,
        );
      }),
  )
  .addCommand(
    new Command("remove")
      .description("remove a user and end their sessions")
      .argument("<name>", "user name")
      .action(async (name: string, _options: unknown, command: Command) => {
        const ctx = cliContext(command);
        await withStore(ctx, (store) =>
          removeUser(createAuthStore(store), { name, actor: cliActor(), now: Date.now() }),
        );
        emit(`removed ${name}`, undefined);
      }),
  )
  .addCommand(
    new Command("reset-password")
      .description("give a user a new one-time password and end their sessions")
      .argument("<name>", "user name")
      .action(async (name: string, _options: unknown, command: Command) => {
        const ctx = cliContext(command);
        const password = await withStore(ctx, (store) =>
          resetPassword(createAuthStore(store), { name, actor: cliActor(), now: Date.now() }),
        );
        emit(`one-time password for ${name}: ${password}\nit is shown only now`, undefined);
      }),
  );
