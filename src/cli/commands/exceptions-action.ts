import type { Command } from "commander";
import { changeException } from "../../app/exception-change.ts";
import { exceptionAction } from "../../app/exception-input.ts";
import { changedEntry, exceptionRegister, parseRegisterFilter } from "../../app/exception-register.ts";
import { cliActor } from "../../auth/accounts.ts";
import { scopeText } from "../../domains/exceptions/compute.ts";
import { terminalTable } from "../../report/terminal-table.ts";
import { terminalText } from "../../report/terminal-text.ts";
import { cliContext, withStore } from "../context.ts";
import { emit, json } from "../output.ts";

export async function runExceptionsList(
  options: { status?: string; expiring?: boolean; format: string },
  command: Command,
): Promise<void> {
  const ctx = cliContext(command);
  const filter = parseRegisterFilter({
    ...(options.status ? { status: options.status } : {}),
    ...(options.expiring ? { expiring: true } : {}),
  });
  const register = await withStore(ctx, (store) => exceptionRegister(store, ctx.now, filter));
  if (options.format === "json") return emit(json(register), undefined);
  if (register.exceptions.length === 0)
    return emit(
      "no exception in force: import a register (secmetrics import register.csv) or request one (secmetrics exceptions request)",
      undefined,
    );
  const rows = register.exceptions.map((entry) => [
    entry.id,
    entry.title ?? "",
    entry.status,
    entry.state,
    entry.days_left ?? "",
    entry.expires_at?.slice(0, 10) ?? "",
    scopeText(entry.scope),
    entry.owner ?? "",
    entry.approved_by ?? "",
    entry.editable ? "dashboard" : `${entry.feed} (${entry.source.file_name}, read-only)`,
  ]);
  emit(
    terminalTable(
      ["ID", "Title", "Status", "State", "Days left", "Expires", "Scope", "Owner", "Approved by", "Source"],
      rows,
    ),
    undefined,
  );
}

/**
 * One action on the dashboard's register, through the same use case and
 * rules as the server; the actor is `--as NAME`, else `cli:<OS user>`.
 */
export async function runExceptionAction(
  name: string,
  id: string | undefined,
  options: Record<string, string | undefined> & { format: string },
  command: Command,
): Promise<void> {
  const ctx = cliContext(command, "writes");
  const action = exceptionAction(
    name,
    id,
    {
      type: options.type,
      title: options.title,
      decision: options.decision,
      controls: options.controls,
      checks: options.checks,
      assets: options.assets,
      findings: options.findings,
      owner: options.owner,
      compensating_controls: options.compensating,
      expires_at: options.expires,
      ticket: options.ticket,
      note: options.note,
    },
    ctx.config.timezone,
  );
  const actor = options.as?.trim() || cliActor();
  const { change, entry } = await withStore(ctx, async (store) => {
    const change = await changeException(store, action, { actor, now: ctx.now, ip: null });
    return { change, entry: await changedEntry(store, change) };
  });
  if (options.format === "json")
    return emit(
      json({
        action: change.action,
        id: change.id,
        snapshot_at: new Date(change.snapshot_at).toISOString(),
        import_id: change.import_id,
        exception: entry,
      }),
      undefined,
    );
  const expiry = entry.expires_at ? `, expires ${entry.expires_at.slice(0, 10)}` : "";
  emit(
    `${terminalText(change.id)}: ${entry.status}${expiry} (${terminalText(actor)}; register snapshot ${new Date(change.snapshot_at).toISOString()}, import #${change.import_id}; audited)`,
    undefined,
  );
}
