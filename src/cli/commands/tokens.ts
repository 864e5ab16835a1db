import Table from "cli-table3";
import { Command, Option } from "commander";
import { cliActor, createToken, revokeToken } from "../../auth/accounts.ts";
import { ROLES } from "../../model/role.ts";
import { createAuthStore } from "../../store/auth-store.ts";
import { cliContext, withStore } from "../context.ts";
import { emit, json } from "../output.ts";

export const tokensCommand = new Command("tokens")
  .description("API bearer tokens for machines (Grafana, CI): create (printed once), list, revoke")
  .addCommand(
    new Command("create")
      .description("create a token; it is printed once and stored only as its SHA-256")
      .addOption(new Option("--role <role>", "viewer, editor or admin").choices(ROLES).makeOptionMandatory())
      .requiredOption("--name <name>", "what uses it, e.g. grafana")
      .action(async (options: { role: string; name: string }, command: Command) => {
        const ctx = cliContext(command);
        const { token, secret } = await withStore(ctx, (store) =>
          createToken(createAuthStore(store), { ...options, actor: cliActor(), now: Date.now() }),
        );
        emit(`${secret}\n`, undefined);
        process.stderr.write(
          `token #${token.id} "${token.name}" (${token.role}) created; it is shown only now. Send it as: Authorization: Bearer <token>\n`,
        );
      }),
  )
  .addCommand(
    new Command("list")
      .description("every token with role, creation and last use (never the token itself)")
      .addOption(new Option("--format <format>", "output format").choices(["table", "json"]).default("table"))
      .action(async (options: { format: string }, command: Command) => {
        const ctx = cliContext(command);
        const tokens = await withStore(ctx, (store) => createAuthStore(store).listTokens());
        if (options.format === "json") return emit(json(tokens), undefined);
        const table = new Table({
          head: ["#", "Name", "Role", "Created", "By", "Last used", "Revoked"],
          style: { head: [], border: [] },
        });
        const iso = (ms: number | null) => (ms === null ? "—" : new Date(ms).toISOString());
        for (const t of tokens)
          table.push([
            t.id,
            t.name,
            t.role,
            iso(t.created_at),
            t.created_by,
            iso(t.last_used_at),
            iso(t.revoked_at),
          ]);
        emit(tokens.length === 0 ? "no tokens yet" : table.toString(), undefined);
      }),
  )
  .addCommand(
    new Command("revoke")
      .description("revoke a token by id, or every active token of a name")
      .argument("<id-or-name>", "token id (tokens list) or name")
      .action(async (idOrName: string, _options: unknown, command: Command) => {
        const ctx = cliContext(command);
        const revoked = await withStore(ctx, (store) =>
          revokeToken(createAuthStore(store), { idOrName, actor: cliActor(), now: Date.now() }),
        );
        emit(revoked.map((t) => `revoked token #${t.id} "${t.name}"`).join("\n"), undefined);
      }),
  );
