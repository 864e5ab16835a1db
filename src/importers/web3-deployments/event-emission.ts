import type { EmissionState, FunctionEmission } from "../../domains/web3/records.ts";
import { selectorOf } from "../../model/solidity-hashes.ts";
import type { Call, Callable, ContractUnit, SolidityProgram } from "./contract-model.ts";

/** What the analysis reads and what it cannot see, as the output states it. */
export const ANALYSIS_LIMITS =
  "modifiers, internal and library calls and inherited overrides are followed; an assembly log0–log4 counts as emitting (its event unknown); calls through function pointers, events of called contracts and a super call's dynamic target are not seen";

/** What a function and everything it reaches inside the contract do. */
interface Reach {
  events: Set<string>;
  assemblyLog: boolean;
  callsOut: boolean;
}

/**
 * The state-changing external and public functions of a contract, its
 * inherited ones included (the most derived override of each signature),
 * each with whether it emits: in its body, its modifiers, or any internal,
 * inherited or library function they reach — a library's logs, inlined or
 * delegate-called, are the contract's own. A call to another contract's
 * function, or a low-level `call`/`delegatecall`, is a call out: a
 * function whose only logs could come from there is `external_only`.
 * Sorted by signature.
 */
export function functionEmissions(program: SolidityProgram, contractId: number): FunctionEmission[] {
  const contract = program.contracts.get(contractId);
  if (!contract) throw new Error(`contract ${contractId} is not in the program`);
  return externalFunctions(program, contract)
    .filter((f) => f.mutability === "nonpayable" || f.mutability === "payable")
    .map((f) => {
      const reach = reachOf(program, contract, f);
      const signature = f.signature as string;
      return {
        signature,
        selector: selectorOf(signature),
        mutability: f.mutability as FunctionEmission["mutability"],
        emission: emissionOf(reach),
        events: [...reach.events].sort(),
        assembly_log: reach.assemblyLog,
      };
    })
    .sort((a, b) => (a.signature < b.signature ? -1 : a.signature > b.signature ? 1 : 0));
}

function emissionOf(reach: Reach): EmissionState {
  if (reach.events.size > 0 || reach.assemblyLog) return "emits";
  return reach.callsOut ? "external_only" : "none";
}

/** The implemented external and public functions callable on the contract, the most derived of each signature. */
function externalFunctions(program: SolidityProgram, contract: ContractUnit): Callable[] {
  const bySignature = new Map<string, Callable>();
  for (const id of contract.linearized)
    for (const callableId of program.contracts.get(id)?.callables ?? []) {
      const callable = program.callables.get(callableId);
      if (
        callable?.kind === "function" &&
        callable.implemented &&
        callable.signature !== null &&
        (callable.visibility === "external" || callable.visibility === "public") &&
        !bySignature.has(callable.signature)
      )
        bySignature.set(callable.signature, callable);
    }
  return [...bySignature.values()];
}

function reachOf(program: SolidityProgram, contract: ContractUnit, start: Callable): Reach {
  const reach: Reach = { events: new Set(), assemblyLog: false, callsOut: false };
  const seen = new Set<number>();
  const pending = [start];
  while (pending.length > 0) {
    const callable = pending.pop() as Callable;
    if (seen.has(callable.id)) continue;
    seen.add(callable.id);
    for (const event of callable.emits) reach.events.add(event);
    reach.assemblyLog ||= callable.assemblyLog;
    reach.callsOut ||= callable.lowLevelCall;
    for (const call of [...callable.modifiers, ...callable.calls]) {
      const target = internalTarget(program, contract, call);
      if (target === "out") reach.callsOut = true;
      else if (target !== null) pending.push(target);
    }
  }
  return reach;
}

/**
 * What a call runs within the contract: the callable to follow, `"out"`
 * for another contract's function, null for a declaration the program
 * does not hold (a source the compiler output left out).
 */
function internalTarget(
  program: SolidityProgram,
  contract: ContractUnit,
  call: Call,
): Callable | "out" | null {
  const declared = program.callables.get(call.target);
  if (!declared) return null;
  if (declared.contract === null) return declared;
  const owner = program.contracts.get(declared.contract);
  if (owner?.kind === "library") return declared;
  if (!contract.linearized.includes(declared.contract)) return "out";
  return call.virtual ? mostDerived(program, contract, declared) : declared;
}

/** The override of `declared` that runs in `contract`: the first in its linearization that is or overrides it. */
function mostDerived(program: SolidityProgram, contract: ContractUnit, declared: Callable): Callable {
  for (const id of contract.linearized)
    for (const callableId of program.contracts.get(id)?.callables ?? []) {
      const callable = program.callables.get(callableId);
      if (callable && callable.name === declared.name && overrides(program, callable, declared.id))
        return callable;
    }
  return declared;
}

function overrides(program: SolidityProgram, callable: Callable, base: number, depth = 0): boolean {
  if (callable.id === base) return true;
  // Override chains are as deep as the inheritance; the bound only guards against a malformed AST.
  if (depth > 64) return false;
  return callable.overrides.some((id) => {
    const parent = program.callables.get(id);
    return parent !== undefined && overrides(program, parent, base, depth + 1);
  });
}
