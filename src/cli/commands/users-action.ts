import type { Command } from "commander";
import { addUser, cliActor, removeUser, resetPassword } from "../../auth/accounts.ts";
import { terminalTable } from "../../report/terminal-table.ts";
import { createAuthStore } from "../../store/auth-store.ts";
import { cliContext, withStore } from "../context.ts";
import { emit, json } from "../output.ts";

export async function runUsersAdd(name: string, options: { role: string }, command: Command): Promise<void> {
  const ctx = cliContext(command, "writes");
  const { user, password } = await withStore(ctx, (store) =>
    addUser(createAuthStore(store), { name, role: options.role, actor: cliActor(), now: Date.now() }),
  );
  emit(
    `added ${user.name} (${user.role})\none-time password: ${password}\nit is shown only now; ${user.name} must choose a new one at first login\n`,
    undefined,
  );
}

export async function runUsersList(options: { format: string }, command: Command): Promise<void> {
  const ctx = cliContext(command);
  const users = await withStore(ctx, (store) => createAuthStore(store).listUsers());
  if (options.format === "json")
    return emit(
      json(users.map((u) => ({ ...u, created_at: new Date(u.created_at).toISOString() }))),
      undefined,
    );
  const rows = users.map((u) => [
    u.name,
    u.role,
    new Date(u.created_at).toISOString(),
    u.must_change_password ? "one-time (not changed yet)" : "set by the user",
  ]);
  emit(
    users.length === 0
      ? "no users yet: secmetrics users add <name> --role admin"
      : terminalTable(["User", "Role", "Created", "Password"], rows),
    undefined,
  );
}

export async function runUsersRemove(name: string, command: Command): Promise<void> {
  const ctx = cliContext(command);
  await withStore(ctx, (store) =>
    removeUser(createAuthStore(store), { name, actor: cliActor(), now: Date.now() }),
  );
  emit(`removed ${name}`, undefined);
}

export async function runUsersResetPassword(name: string, command: Command): Promise<void> {
  const ctx = cliContext(command);
  const password = await withStore(ctx, (store) =>
    resetPassword(createAuthStore(store), { name, actor: cliActor(), now: Date.now() }),
  );
  emit(`one-time password for ${name}: ${password}\nit is shown only now`, undefined);
}
