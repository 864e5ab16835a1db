import type { Command } from "commander";
import { drillDown } from "../../app/drill-down.ts";
import type { DrillRow } from "../../domains/drill-row.ts";
import { drillJson } from "../../report/provenance-json.ts";
import { terminalTable } from "../../report/terminal-table.ts";
import { terminalText } from "../../report/terminal-text.ts";
import { cliContext, defaultPeriod, withStore } from "../context.ts";
import { csvText } from "../csv.ts";
import { emit, json } from "../output.ts";

export async function runDrill(
  metric: string,
  options: { period?: string; limit: string; format: string; out?: string },
  command: Command,
): Promise<void> {
  const ctx = cliContext(command);
  const period = options.period ?? defaultPeriod(ctx);
  const result = await withStore(ctx, (store) =>
    drillDown(store, metric, period, ctx.config, Number(options.limit)),
  );
  if (options.format === "json") return emit(json(drillJson(result)), options.out);
  const columns = [...new Set(result.rows.flatMap((row) => Object.keys(row.fields)))];
  const cells = (row: DrillRow) => [
    row.id,
    ...columns.map((c) => String(row.fields[c] ?? "")),
    row.counted ? "yes" : `no${row.note ? ` (${row.note})` : ""}`,
    `${row.provenance.file_name}:${row.provenance.line}`,
    row.provenance.sha256.slice(0, 12),
  ];
  const head = ["id", ...columns, "counted", "source", "sha256"];
  if (options.format === "csv") return emit(csvText([head, ...result.rows.map(cells)]), options.out);
  const footer = result.truncated ? `\n(first ${options.limit} records; raise --limit for more)` : "";
  emit(
    `${terminalText(metric)} — ${result.period.id}: ${result.rows.length} records\n${terminalTable(head, result.rows.map(cells))}${footer}`,
    options.out,
  );
}
