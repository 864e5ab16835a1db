import type { Command } from "commander";
import { cliActor, createToken, revokeToken } from "../../auth/accounts.ts";
import { terminalTable } from "../../report/terminal-table.ts";
import { terminalText } from "../../report/terminal-text.ts";
import { createAuthStore } from "../../store/auth-store.ts";
import { cliContext, withStore } from "../context.ts";
import { emit, json } from "../output.ts";

export async function runTokensCreate(
  options: { role: string; name: string },
  command: Command,
): Promise<void> {
  const ctx = cliContext(command, "writes");
  const { token, secret } = await withStore(ctx, (store) =>
    createToken(createAuthStore(store), { ...options, actor: cliActor(), now: Date.now() }),
  );
  emit(`${secret}\n`, undefined);
  process.stderr.write(
    `token #${token.id} "${terminalText(token.name)}" (${token.role}) created; it is shown only now. Send it as: Authorization: Bearer <token>\n`,
  );
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export async function runTokensList(options: { format: string }, command: Command): Promise<void> {
  const ctx = cliContext(command);
  const tokens = await withStore(ctx, (store) => createAuthStore(store).listTokens());
  if (options.format === "json")
    return emit(
      json(
        tokens.map((t) => ({
          ...t,
          created_at: iso(t.created_at),
          last_used_at: iso(t.last_used_at),
          revoked_at: iso(t.revoked_at),
        })),
      ),
      undefined,
    );
  const shown = (ms: number | null) => iso(ms) ?? "—";
  const rows = tokens.map((t) => [
    t.id,
    t.name,
    t.role,
    shown(t.created_at),
    t.created_by,
    shown(t.last_used_at),
    shown(t.revoked_at),
  ]);
  const head = ["#", "Name", "Role", "Created", "By", "Last used", "Revoked"];
  emit(tokens.length === 0 ? "no tokens yet" : terminalTable(head, rows), undefined);
}

export async function runTokensRevoke(idOrName: string, command: Command): Promise<void> {
  const ctx = cliContext(command);
  const revoked = await withStore(ctx, (store) =>
    revokeToken(createAuthStore(store), { idOrName, actor: cliActor(), now: Date.now() }),
  );
  emit(revoked.map((t) => `revoked token #${t.id} "${terminalText(t.name)}"`).join("\n"), undefined);
}
