import { analysedFunctions, contractLabel } from "../domains/web3/compute.ts";
import type { AnalysisMethod, FunctionEmission } from "../domains/web3/records.ts";
import { directorySource, isDirectory } from "../importers/file-source.ts";
import { ContractAsts } from "../importers/web3-deployments/contract-asts.ts";
import { ANALYSIS_LIMITS, functionEmissions } from "../importers/web3-deployments/event-emission.ts";
import { SOURCE_ANALYSIS_LIMITS } from "../importers/web3-deployments/solidity-source.ts";
import { SecmetricsError } from "../model/errors.ts";
import type { Store } from "../store/store.ts";
import { registrySnapshot } from "./web3-registry.ts";

/** One analysed contract: a registry entry, or a contract compiled in a folder. */
export interface ContractEvents {
  contract: string;
  /** The source file that declares it (a folder's), or the deployment file (the registry's). */
  location: string;
  chain_id: number | null;
  address: string | null;
  analysis: AnalysisMethod;
  functions: FunctionEmission[];
}

export interface EventsReport {
  /** What the analysis follows and what it cannot see. */
  limits: string;
  contracts: ContractEvents[];
  /** Registry contracts with no source or AST: not analysed. */
  unanalysed: string[];
}

/**
 * The state-changing functions and what they emit: of the registry's
 * contracts (as analysed at import) when asked, and of every deployable
 * contract compiled in the folders named (Foundry `out/`, Hardhat
 * `artifacts/` with its build-info, or a project holding them).
 */
export async function contractEvents(request: {
  store?: Store;
  at: number;
  paths: readonly string[];
}): Promise<EventsReport> {
  const report: EventsReport = { limits: ANALYSIS_LIMITS, contracts: [], unanalysed: [] };
  if (request.store) {
    const { functions, unanalysed } = analysedFunctions(await registrySnapshot(request.store, request.at));
    const byContract = new Map<string, ContractEvents>();
    for (const { contract, function: f } of functions) {
      const entry = byContract.get(contract.external_id) ?? {
        contract: contract.name ?? contract.address,
        location: contract.source_file,
        chain_id: contract.chain_id,
        address: contract.address,
        // Set whenever `functions` is: the importer writes both.
        analysis: contract.analysis as AnalysisMethod,
        functions: [],
      };
      entry.functions.push(f);
      byContract.set(contract.external_id, entry);
    }
    report.contracts.push(...byContract.values());
    report.unanalysed.push(...unanalysed.map(contractLabel));
  }
  for (const path of request.paths) {
    if (!isDirectory(path))
      throw new SecmetricsError(
        "not_found",
        `${path}: not a folder`,
        "name a Foundry out/ or a Hardhat artifacts/ folder, or the project holding them",
      );
    for (const located of await new ContractAsts(directorySource(path)).deployable())
      report.contracts.push({
        contract: located.name,
        location: located.file,
        chain_id: null,
        address: null,
        analysis: "ast",
        functions: functionEmissions(located.program, located.contract),
      });
  }
  // What reading sources cannot tell holds only where a contract was analysed from its source.
  if (report.contracts.some((c) => c.analysis === "source")) report.limits += `; ${SOURCE_ANALYSIS_LIMITS}`;
  return report;
}
