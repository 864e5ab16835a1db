import type { Command } from "commander";
import { checkContractInterfaces, contractRegistry } from "../../app/web3-registry.ts";
import type { FindingLevel, InterfaceCheck } from "../../domains/web3/collisions.ts";
import { interfaceCheckSarif } from "../../report/interface-check-sarif.ts";
import { terminalTable } from "../../report/terminal-table.ts";
import { terminalText } from "../../report/terminal-text.ts";
import { cliContext, withStore } from "../context.ts";
import { csvText } from "../csv.ts";
import { emit, json } from "../output.ts";
import { readRegistryOrPaths } from "./read-registry-or-paths.ts";

const REGISTRY_COLUMNS = [
  "chain_id",
  "address",
  "name",
  "version",
  "role",
  "implementation",
  "deployed_at",
  "block_number",
  "source",
  "source_file",
  "abi",
  "monitored_by",
] as const;

export async function runWeb3Registry(
  options: { format: string; out?: string },
  command: Command,
): Promise<void> {
  const ctx = cliContext(command);
  const registry = await withStore(ctx, (store) => contractRegistry(store, ctx.now));
  if (options.format === "json") return emit(json(registry), options.out);
  const rows = registry.map((entry) =>
    REGISTRY_COLUMNS.map((column) =>
      column === "abi"
        ? JSON.stringify(entry.abi)
        : column === "monitored_by"
          ? entry.monitored_by.join("; ")
          : entry[column],
    ),
  );
  emit(csvText([[...REGISTRY_COLUMNS], ...rows]), options.out);
}

const LEVEL_ORDER: Record<FindingLevel, number> = { error: 0, warning: 1, note: 2 };

export async function runWeb3Check(
  paths: string[],
  options: { registry?: boolean; format: string; out?: string; failOn: string },
  command: Command,
): Promise<void> {
  const check = await readRegistryOrPaths(
    paths,
    options.registry,
    command,
    {
      message: "nothing to check",
      hint: "name ABI files or folders, or check the imported registry with --registry",
    },
    (request, ctx) => checkContractInterfaces(request, ctx.config),
  );
  for (const { location, contract, reason } of check.unreadable)
    process.stderr.write(
      `${terminalText(location)} (${terminalText(contract)}): ABI left out: ${terminalText(reason)}\n`,
    );
  if (options.format === "sarif")
    emit(`${JSON.stringify(interfaceCheckSarif(check), null, 2)}\n`, options.out);
  else if (options.format === "json") emit(json(check), options.out);
  else emit(checkTable(check), options.out);
  const failing = options.failOn === "none" ? 3 : LEVEL_ORDER[options.failOn as FindingLevel];
  if (check.findings.some((finding) => LEVEL_ORDER[finding.level] <= failing)) process.exitCode = 1;
}

function checkTable(check: InterfaceCheck): string {
  const summary = `${check.contracts} ABI${check.contracts === 1 ? "" : "s"} checked, ${check.findings.length} finding${check.findings.length === 1 ? "" : "s"}`;
  if (check.findings.length === 0) return summary;
  const rows = check.findings.map((finding) => [
    finding.level,
    finding.rule,
    finding.key,
    finding.members
      .map((member) => `${member.signature}: ${member.contracts.map((c) => c.contract).join(", ")}`)
      .join("; "),
  ]);
  return `${terminalTable(["Level", "Rule", "Key", "Declared by"], rows)}\n${summary}`;
}
