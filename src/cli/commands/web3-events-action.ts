import type { Command } from "commander";
import { contractEvents, type EventsReport } from "../../app/web3-events.ts";
import type { EmissionState } from "../../domains/web3/records.ts";
import { terminalTable } from "../../report/terminal-table.ts";
import { terminalText } from "../../report/terminal-text.ts";
import { emit, json } from "../output.ts";
import { readRegistryOrPaths } from "./read-registry-or-paths.ts";

/** The emission states each `--fail-on` choice fails on. */
const FAILING: Record<string, readonly EmissionState[]> = {
  none: ["none"],
  external_only: ["none", "external_only"],
  never: [],
};

export async function runWeb3Events(
  paths: string[],
  options: { registry?: boolean; format: string; out?: string; failOn: string },
  command: Command,
): Promise<void> {
  const report = await readRegistryOrPaths(
    paths,
    options.registry,
    command,
    {
      message: "nothing to analyse",
      hint: "name folders of compiler output (out/, artifacts/), or read the imported registry with --registry",
    },
    (request) => contractEvents(request),
  );
  emit(options.format === "json" ? json(report) : eventsTable(report), options.out);
  const failing = FAILING[options.failOn] ?? [];
  if (report.contracts.some((c) => c.functions.some((f) => failing.includes(f.emission))))
    process.exitCode = 1;
}

const METHOD_NAMES = { ast: "compiler AST", source: "Solidity source parsed" } as const;

function methods(report: EventsReport): string {
  const used = [...new Set(report.contracts.map((c) => c.analysis))];
  return used.length === 0 ? "none" : used.map((m) => METHOD_NAMES[m]).join(", ");
}

function eventsTable(report: EventsReport): string {
  const rows = report.contracts.flatMap((c) =>
    c.functions.map((f) => [
      c.chain_id === null ? c.contract : `${c.contract} (${c.chain_id})`,
      f.signature,
      f.emission,
      [...f.events, ...(f.assembly_log ? ["assembly log"] : [])].join(", "),
    ]),
  );
  const functions = rows.length;
  const emitting = report.contracts.reduce(
    (sum, c) => sum + c.functions.filter((f) => f.emission === "emits").length,
    0,
  );
  const lines = [
    `${report.contracts.length} contract${report.contracts.length === 1 ? "" : "s"}, ${functions} state-changing function${functions === 1 ? "" : "s"}, ${emitting} emit`,
    `method: ${methods(report)}; ${report.limits}`,
  ];
  if (report.unanalysed.length > 0)
    lines.push(`not analysed (no source or AST): ${report.unanalysed.join(", ")}`);
  const table =
    rows.length > 0 ? `${terminalTable(["Contract", "Function", "Emission", "Events"], rows)}\n` : "";
  return `${table}${lines.join("\n")}`;
}
