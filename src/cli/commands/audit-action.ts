import type { Command } from "commander";
import { terminalTable } from "../../report/terminal-table.ts";
import { createAuthStore } from "../../store/auth-store.ts";
import { cliContext, withStore } from "../context.ts";
import { emit, json } from "../output.ts";

export async function runAudit(options: { limit: string; format: string }, command: Command): Promise<void> {
  const ctx = cliContext(command);
  const limit = Math.max(1, Math.min(10_000, Number.parseInt(options.limit, 10) || 50));
  const entries = await withStore(ctx, (store) => createAuthStore(store).auditLog({ limit }));
  if (options.format === "json")
    return emit(
      json(entries.map((entry) => ({ ...entry, at: new Date(entry.at).toISOString() }))),
      undefined,
    );
  const rows = entries.map((entry) => [
    new Date(entry.at).toISOString(),
    entry.actor,
    entry.action,
    entry.target ?? "",
    entry.detail ? JSON.stringify(entry.detail) : "",
    entry.ip ?? "",
  ]);
  const table = terminalTable(["When", "Who", "Action", "What", "Detail", "From"], rows);
  emit(entries.length === 0 ? "the audit log is empty" : table, undefined);
}
