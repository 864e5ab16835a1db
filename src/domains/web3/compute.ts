import type { Stored } from "../../model/records.ts";
import { countValue, type MetricValue, percentValue } from "../metric-value.ts";
import { checkInterfaces, collisionCount, type InterfaceCheck, type InterfaceSource } from "./collisions.ts";
import type { ContractDeployment, FunctionEmission } from "./records.ts";

/** What changed in the registry over a period: contracts that appeared, and those that disappeared. */
export interface RegistryChanges<R extends ContractDeployment = ContractDeployment> {
  added: R[];
  removed: R[];
}

/**
 * The registry as one contract per key: several feeds (a Foundry folder and
 * a hardhat-deploy one) may both list a CREATE2 contract on a chain, and it
 * is one contract. The first listed wins, so the choice is stable.
 */
export function byKey<R extends ContractDeployment>(contracts: readonly R[]): Map<string, R> {
  const keyed = new Map<string, R>();
  for (const contract of contracts)
    if (!keyed.has(contract.external_id)) keyed.set(contract.external_id, contract);
  return keyed;
}

/** Contracts of `after` not in `before`, and of `before` not in `after`, by key, in key order. */
export function registryChanges<R extends ContractDeployment>(
  before: readonly R[],
  after: readonly R[],
): RegistryChanges<R> {
  const [was, is] = [byKey(before), byKey(after)];
  const sorted = (values: R[]) =>
    values.sort((a, b) => (a.external_id < b.external_id ? -1 : a.external_id > b.external_id ? 1 : 0));
  return {
    added: sorted([...is.values()].filter((c) => !was.has(c.external_id))),
    removed: sorted([...was.values()].filter((c) => !is.has(c.external_id))),
  };
}

/**
 * `unmonitored`: of the new contracts, those no active monitor watches at
 * the period end, when a monitor configuration is known (else not given):
 * what is left to add to monitoring.
 */
export function newDeployments(changes: RegistryChanges, unmonitored?: number): MetricValue {
  return countValue(changes.added.length, {
    removed: changes.removed.length,
    ...(unmonitored === undefined ? {} : { unmonitored }),
  });
}

/** The registry's ABIs as the interface check reads them, each pointing at its deployment file. */
export function interfaceSources(contracts: readonly ContractDeployment[]): InterfaceSource[] {
  return [...byKey(contracts).values()].flatMap((contract) =>
    contract.abi === null
      ? []
      : [
          {
            contract: contract.name ?? contract.address,
            location: contract.source_file,
            chain_id: contract.chain_id,
            address: contract.address,
            abi: contract.abi,
          },
        ],
  );
}

export function registryCheck(
  contracts: readonly Stored<ContractDeployment>[],
  allowedNames: readonly string[],
): InterfaceCheck {
  return checkInterfaces(interfaceSources(contracts), { allowedNames });
}

export function interfaceCollisions(check: InterfaceCheck): MetricValue {
  return countValue(collisionCount(check), {
    contracts_checked: check.contracts,
    unreadable_abis: check.unreadable.length,
    notes: check.findings.length - collisionCount(check),
  });
}

/** One state-changing function of an analysed contract of the registry. */
export interface AnalysedFunction<R extends ContractDeployment = ContractDeployment> {
  contract: R;
  function: FunctionEmission;
}

/**
 * The registry's state-changing functions, one contract per key, each
 * analysed contract's in signature order; and the contracts no source or
 * AST was found for, which are not analysed.
 */
export function analysedFunctions<R extends ContractDeployment>(
  contracts: readonly R[],
): { functions: AnalysedFunction<R>[]; unanalysed: R[] } {
  const registry = [...byKey(contracts).values()];
  return {
    functions: registry.flatMap((contract) =>
      (contract.functions ?? []).map((f) => ({ contract, function: f })),
    ),
    unanalysed: registry.filter((contract) => contract.functions === null),
  };
}

/** A contract as a metric's details name it: its name, or its address, and its key. */
export function contractLabel(contract: ContractDeployment): string {
  return `${contract.name ?? contract.address} (${contract.external_id})`;
}

/** event_emission_coverage: the share of the analysed state-changing functions that emit an event. */
export function eventEmissionCoverage(contracts: readonly ContractDeployment[]): MetricValue {
  const { functions, unanalysed } = analysedFunctions(contracts);
  const count = (emission: FunctionEmission["emission"]) =>
    functions.filter((f) => f.function.emission === emission).length;
  return percentValue(
    count("emits"),
    functions.length,
    "no state-changing function of the registry was analysed: no compiler AST or source for its contracts",
    {
      functions_analysed: functions.length,
      external_only: count("external_only"),
      none: count("none"),
      contracts_analysed: new Set(functions.map((f) => f.contract.external_id)).size,
      contracts_without_sources: unanalysed.map(contractLabel),
    },
  );
}
