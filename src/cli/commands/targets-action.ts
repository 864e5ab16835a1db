import type { Command } from "commander";
import { listScanTargets, restoreTarget, retireTarget, type ScanTargetRow } from "../../app/scan-targets.ts";
import { cliActor } from "../../auth/accounts.ts";
import { terminalTable } from "../../report/terminal-table.ts";
import { terminalText } from "../../report/terminal-text.ts";
import { createAuthStore } from "../../store/auth-store.ts";
import { cliContext, withStore } from "../context.ts";
import { emit, json } from "../output.ts";

export async function runTargetsList(options: { format: string }, command: Command): Promise<void> {
  const ctx = cliContext(command);
  const list = await withStore(ctx, (store) => listScanTargets(store, ctx.config, ctx.now));
  if (options.format === "json") return emit(json(list), undefined);
  const rows = list.targets.map((row) => [
    row.target,
    row.tool,
    row.first_scan_at.slice(0, 10),
    row.last_scan_at.slice(0, 10),
    row.scans,
    row.open_findings,
    stateText(row),
  ]);
  const table = terminalTable(
    ["Target", "Scanner", "First scan", "Last scan", "Scans", "Open", "State"],
    rows,
  );
  emit(
    list.targets.length === 0
      ? "no scan imported yet: secmetrics import <scanner report>"
      : `${table}\nnot rescanned: no scan for more than ${list.retire_after_days} d (scans.retire_after)`,
    undefined,
  );
}

function stateText(row: ScanTargetRow): string {
  if (row.state === "retired") return `retired ${row.retired_at?.slice(0, 10)} by ${row.retired_by}`;
  if (row.state === "not_rescanned") return `not rescanned for ${row.days_since_last_scan} d`;
  return "scanned";
}

export async function runTargetsRetire(
  name: string,
  options: { reason?: string },
  command: Command,
): Promise<void> {
  const ctx = cliContext(command);
  const retired = await withStore(ctx, (store) =>
    retireTarget(
      store,
      createAuthStore(store),
      { name, reason: options.reason ?? null, actor: cliActor(), now: ctx.now },
      ctx.config,
    ),
  );
  const findings = `${retired.open_findings} open finding${retired.open_findings === 1 ? "" : "s"}`;
  const target = terminalText(retired.target);
  emit(
    `retired ${target} from ${new Date(ctx.now).toISOString()}: its ${findings} no longer count as open in periods judged after now; earlier periods are unchanged\n(a new scan of it, or \`secmetrics targets restore ${target}\`, ends the retirement)`,
    undefined,
  );
}

export async function runTargetsRestore(name: string, command: Command): Promise<void> {
  const ctx = cliContext(command);
  const restored = await withStore(ctx, (store) =>
    restoreTarget(store, createAuthStore(store), { name, actor: cliActor(), now: ctx.now }, ctx.config),
  );
  emit(
    `restored ${terminalText(restored.target)} (retired ${new Date(restored.retired_at).toISOString()}): its open findings count as open again from now`,
    undefined,
  );
}
