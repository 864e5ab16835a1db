import { createRequire } from "node:module";
import type * as SolidityParser from "@solidity-parser/parser";
import { isObject, type Json, obj } from "../shared/fields.ts";
import type {
  Call,
  Callable,
  CallableKind,
  ContractUnit,
  LocatedContract,
  SolidityProgram,
} from "./contract-model.ts";
import { compilerMetadata } from "./deployment-files.ts";
import { c3Linearization } from "./linearization.ts";
import { sourceBodyFacts } from "./source-body.ts";
import { type DeclaredCallable, SourceDeclarations } from "./source-declarations.ts";

/** The Solidity parser loads only when a folder's sources are parsed: other imports pay nothing for it. */
const requireParser = createRequire(import.meta.url);

/** What reading the source, not the compiler's AST, cannot tell, as the output states it. */
export const SOURCE_ANALYSIS_LIMITS =
  "read from the source: overloads are told apart by argument count, not type (all of one count are followed); `using … for` calls resolve by function name; member calls on a value whose type is not declared in reach (a function's return value, a struct field of a struct field) are not seen";

/** One source file of a compilation, as the compiler metadata embeds it. */
export interface SoliditySource {
  path: string;
  content: string;
}

/** A source the parser cannot read: the file, the line when the parser tells it, and its reason. */
export class SourceParseError extends Error {
  constructor(
    readonly path: string,
    readonly line: number | null,
    readonly reason: string,
  ) {
    super(`${sourceLocation(path, line)}: ${reason}`);
  }
}

function sourceLocation(path: string, line: number | null): string {
  return line === null ? path : `${path} line ${line}`;
}

/**
 * The contract a compiler metadata (hardhat-deploy's `metadata`) names as
 * its compilation target, in the program of the sources it embeds. Null
 * unless every source is embedded with its content (compiled with
 * `useLiteralContent`; otherwise only hashes and URLs are kept): a base or
 * library left out would silently drop what it emits.
 */
export function metadataContract(metadata: unknown): LocatedContract | null {
  const parsed = compilerMetadata(metadata);
  const [file, name] = Object.entries(obj(parsed, "settings.compilationTarget") ?? {})[0] ?? [];
  const sources = Object.entries(obj(parsed, "sources") ?? {}).map(([path, source]) => ({
    path,
    content: isObject(source) ? source.content : undefined,
  }));
  if (typeof name !== "string" || sources.length === 0) return null;
  if (!sources.every((source): source is SoliditySource => typeof source.content === "string")) return null;
  const program = sourceProgram(sources);
  const contract = [...program.contracts.values()].find((c) => c.file === file && c.name === name);
  return contract ? { program, contract: contract.id } : null;
}

/**
 * The program of one compilation's Solidity sources, parsed with
 * `@solidity-parser/parser`: what the compiler would resolve is resolved by
 * name — bases (C3 linearization of `is …` across the sources), modifiers,
 * events, internal, `super`, qualified and library calls, `using … for`
 * calls; member calls on a value declared as a contract are calls to that
 * contract, `call`/`delegatecall` on one declared `address` low-level calls.
 */
export function sourceProgram(sources: readonly SoliditySource[]): SolidityProgram {
  const declarations = new SourceDeclarations(sources.map((source) => [source.path, parseSource(source)]));
  const contracts = new Map<number, ContractUnit>();
  const callables = new Map<number, Callable>();
  for (const contract of declarations.contracts.values())
    contracts.set(contract.id, {
      id: contract.id,
      name: contract.name,
      kind: contract.kind,
      abstract: contract.abstract,
      file: contract.file,
      linearized: c3Linearization(contract.id, (id) => declarations.baseIds(id)),
      callables: contract.callables.map((callable) => callable.id),
    });
  const program = { contracts, callables };
  for (const declared of declarations.callables.values())
    callables.set(declared.id, callableOf(declared, program, declarations));
  return program;
}

function parseSource(source: SoliditySource): Json {
  try {
    const { parse } = requireParser("@solidity-parser/parser") as typeof SolidityParser;
    return parse(source.content, { tolerant: false }) as unknown as Json;
  } catch (error) {
    // A syntax error carries its line; the parser's own failures (a reserved word it trips on) do not.
    const first = isObject(error) && Array.isArray(error.errors) ? error.errors[0] : null;
    const line = isObject(first) && typeof first.line === "number" ? first.line : null;
    const reason =
      isObject(first) && typeof first.message === "string"
        ? first.message
        : error instanceof Error
          ? error.message
          : String(error);
    throw new SourceParseError(source.path, line, reason);
  }
}

function callableOf(
  declared: DeclaredCallable,
  program: SolidityProgram,
  declarations: SourceDeclarations,
): Callable {
  const { node, contract } = declared;
  const kind = callableKind(node, declarations.contractName(contract));
  const visibility =
    node.visibility === "external" || node.visibility === "internal" || node.visibility === "private"
      ? node.visibility
      : contract === null
        ? "internal"
        : "public";
  const mutability =
    node.stateMutability === "constant"
      ? "view"
      : node.stateMutability === "pure" ||
          node.stateMutability === "view" ||
          node.stateMutability === "payable"
        ? node.stateMutability
        : "nonpayable";
  const linearized = contract === null ? [] : (program.contracts.get(contract)?.linearized ?? []);
  return {
    id: declared.id,
    name: declared.name,
    contract,
    kind,
    visibility,
    mutability,
    implemented: isObject(node.body),
    signature:
      kind === "function" && (visibility === "external" || visibility === "public")
        ? `${declared.name}(${declarations.parameterTypes(node.parameters, linearized)})`
        : null,
    overrides: declarations.overridden(declared, linearized),
    modifiers: (Array.isArray(node.modifiers) ? node.modifiers : []).flatMap((invocation): Call[] => {
      const name = isObject(invocation) ? String(invocation.name) : "";
      const target = declarations.findCallables(linearized, name, null, "modifier")[0];
      // A base constructor called in a constructor's header names no modifier.
      return target === undefined ? [] : [{ target: target.id, virtual: true }];
    }),
    ...sourceBodyFacts(node.body, {
      declarations,
      linearized,
      linearizationOf: (id) => program.contracts.get(id)?.linearized ?? [id],
      scope: declarations.scope(linearized, node),
    }),
  };
}

function callableKind(node: Json, contractName: string | null): CallableKind {
  if (node.type === "ModifierDefinition") return "modifier";
  // Before 0.4.22 a constructor was the function named after its contract.
  if (node.isConstructor === true || (contractName !== null && node.name === contractName))
    return "constructor";
  if (node.isFallback === true) return "fallback";
  if (node.isReceiveEther === true) return "receive";
  return "function";
}
