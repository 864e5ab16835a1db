import Table from "cli-table3";
import { Command, Option } from "commander";
import { createAuthStore } from "../../store/auth-store.ts";
import { cliContext, withStore } from "../context.ts";
import { emit, json } from "../output.ts";

export const auditCommand = new Command("audit")
  .description("the audit log: who logged in, imported, exported, or changed users and tokens")
  .option("-n, --limit <n>", "most entries, latest first", "50")
  .addOption(new Option("--format <format>", "output format").choices(["table", "json"]).default("table"))
  .action(async (options: { limit: string; format: string }, command: Command) => {
    const ctx = cliContext(command);
    const limit = Math.max(1, Math.min(10_000, Number.parseInt(options.limit, 10) || 50));
    const entries = await withStore(ctx, (store) => createAuthStore(store).auditLog({ limit }));
    if (options.format === "json")
      return emit(
        json(entries.map((entry) => ({ ...entry, at: new Date(entry.at).toISOString() }))),
        undefined,
      );
    const table = new Table({
      head: ["When", "Who", "Action", "What", "Detail", "From"],
      style: { head: [], border: [] },
    });
    for (const entry of entries)
      table.push([
        new Date(entry.at).toISOString(),
        entry.actor,
        entry.action,
        entry.target ?? "",
        entry.detail ? JSON.stringify(entry.detail) : "",
        entry.ip ?? "",
      ]);
    emit(entries.length === 0 ? "the audit log is empty" : table.toString(), undefined);
  });
