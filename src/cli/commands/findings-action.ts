import type { Command } from "commander";
import { type FindingFilter, type FindingRow, listFindings, parseSeverities } from "../../app/findings.ts";
import { formatDate, formatInstant } from "../../model/format.ts";
import { terminalTable } from "../../report/terminal-table.ts";
import { cliContext, withStore } from "../context.ts";
import { csvText } from "../csv.ts";
import { emit, json } from "../output.ts";

const COLUMNS: readonly (keyof FindingRow)[] = [
  "vulnerability_id",
  "severity",
  "target",
  "package",
  "location",
  "status",
  "state",
  "triage_status",
  "exception",
  "exception_state",
  "target_last_scan_at",
  "first_seen_at",
  "due_at",
  "fixed_at",
  "age_days",
  "overdue",
  "reintroduced",
  "source",
];

interface FindingsOptions {
  status: FindingFilter;
  severity?: string;
  target?: string;
  period?: string;
  limit: string;
  format: string;
  out?: string;
}

export async function runFindings(options: FindingsOptions, command: Command): Promise<void> {
  const ctx = cliContext(command);
  const request = {
    status: options.status,
    severity: parseSeverities(options.severity),
    target: options.target,
    period: options.period,
    limit: Number(options.limit),
  };
  const result = await withStore(ctx, (store) => listFindings(store, request, ctx.config, ctx.now));
  if (options.format === "json") return emit(json(result), options.out);
  const cells = (row: FindingRow) => COLUMNS.map((column) => String(row[column] ?? ""));
  if (options.format === "csv") return emit(csvText([COLUMNS, ...result.rows.map(cells)]), options.out);
  const zone = ctx.config.timezone;
  const date = (iso: string) => formatDate(Date.parse(iso), zone);
  const rows = result.rows.map((row) => [
    row.vulnerability_id,
    row.severity ?? "unrated",
    row.target,
    row.package ?? row.location ?? "",
    stateText(row, date),
    date(row.first_seen_at),
    `${row.due_at ? date(row.due_at) : "—"}${row.overdue ? " (overdue)" : ""}`,
    row.age_days,
    row.source,
  ]);
  const head = ["id", "severity", "target", "package", "status", "first seen", "due", "age (d)", "source"];
  const scope = result.period
    ? `at the end of ${result.period}`
    : `as of ${formatInstant(Date.parse(result.as_of), zone)}`;
  const footer = result.truncated ? `\n(first ${options.limit} findings; raise --limit for more)` : "";
  emit(
    `${result.rows.length} findings (${options.status}) ${scope}\n${terminalTable(head, rows)}${footer}`,
    options.out,
  );
}

function stateText(row: FindingRow, date: (iso: string) => string): string {
  if (row.state === "fixed" && row.fixed_at) return `fixed ${date(row.fixed_at)}`;
  const state =
    row.state === "not_rescanned" && row.target_last_scan_at
      ? `not rescanned since ${date(row.target_last_scan_at)}`
      : row.state;
  // The exception that waives it, or that lapsed so it counts again.
  if (row.exception_state === "in_force") return `${state} (${row.exception})`;
  if (row.exception_state) return `${state} (${row.exception} ${row.exception_state})`;
  return state;
}
