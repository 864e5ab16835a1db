import { isObject, type Json } from "../shared/fields.ts";
import type {
  Call,
  Callable,
  CallableKind,
  ContractKind,
  ContractUnit,
  SolidityProgram,
} from "./contract-model.ts";

/**
 * The program of one compilation's ASTs, as solc writes them in its
 * standard JSON output (`output.sources[*].ast` of a Hardhat build-info, the
 * `ast` of a Foundry artifact): `ContractDefinition` with
 * `linearizedBaseContracts`, `FunctionDefinition` and `ModifierDefinition`
 * with `baseFunctions`/`baseModifiers`, `EmitStatement`, calls resolved by
 * `referencedDeclaration`. Nodes it does not know are walked through, so a
 * newer compiler's additions do not stop it.
 */
export function solcProgram(sourceUnits: readonly unknown[]): SolidityProgram {
  const nodes = new Map<number, Json>();
  for (const unit of sourceUnits) indexNodes(unit, nodes);
  const contracts = new Map<number, ContractUnit>();
  const callables = new Map<number, Callable>();
  for (const unit of sourceUnits) {
    if (!isObject(unit)) continue;
    const file = typeof unit.absolutePath === "string" ? unit.absolutePath : "";
    for (const node of children(unit)) {
      if (node.nodeType === "FunctionDefinition") addCallable(node, null, nodes, callables);
      if (node.nodeType !== "ContractDefinition" || typeof node.id !== "number") continue;
      const own = children(node).filter(
        (child) => child.nodeType === "FunctionDefinition" || child.nodeType === "ModifierDefinition",
      );
      for (const child of own) addCallable(child, node.id, nodes, callables);
      contracts.set(node.id, {
        id: node.id,
        name: String(node.name),
        kind: contractKind(node.contractKind),
        abstract: node.abstract === true,
        file,
        linearized: numbers(node.linearizedBaseContracts, [node.id]),
        callables: own.flatMap((child) => (typeof child.id === "number" ? [child.id] : [])),
      });
    }
  }
  return { contracts, callables };
}

function indexNodes(value: unknown, nodes: Map<number, Json>): void {
  if (Array.isArray(value)) for (const item of value) indexNodes(item, nodes);
  else if (isObject(value)) {
    if (typeof value.id === "number" && typeof value.nodeType === "string") nodes.set(value.id, value);
    for (const child of Object.values(value)) if (typeof child === "object") indexNodes(child, nodes);
  }
}

function children(node: Json): Json[] {
  return Array.isArray(node.nodes) ? node.nodes.filter(isObject) : [];
}

function numbers(value: unknown, fallback: number[]): number[] {
  return Array.isArray(value) && value.every((v) => typeof v === "number") ? value : fallback;
}

function contractKind(value: unknown): ContractKind {
  return value === "interface" || value === "library" ? value : "contract";
}

const CALLABLE_KINDS: readonly string[] = ["function", "constructor", "fallback", "receive"];
const VISIBILITIES: readonly string[] = ["external", "public", "internal", "private"];
const MUTABILITIES: readonly string[] = ["pure", "view", "nonpayable", "payable"];

function addCallable(
  node: Json,
  contract: number | null,
  nodes: ReadonlyMap<number, Json>,
  callables: Map<number, Callable>,
): void {
  if (typeof node.id !== "number") return;
  const isModifier = node.nodeType === "ModifierDefinition";
  const kind: CallableKind = isModifier
    ? "modifier"
    : CALLABLE_KINDS.includes(String(node.kind))
      ? (node.kind as CallableKind)
      : "function";
  const visibility = VISIBILITIES.includes(String(node.visibility))
    ? (node.visibility as Callable["visibility"])
    : "public";
  const facts = bodyFacts(node.body, nodes);
  callables.set(node.id, {
    id: node.id,
    name: String(node.name ?? ""),
    contract,
    kind,
    visibility,
    mutability: MUTABILITIES.includes(String(node.stateMutability))
      ? (node.stateMutability as Callable["mutability"])
      : "nonpayable",
    implemented: isObject(node.body),
    signature:
      kind === "function" && (visibility === "external" || visibility === "public")
        ? `${node.name}(${parameterTypes(node.parameters, nodes)})`
        : null,
    overrides: numbers(isModifier ? node.baseModifiers : node.baseFunctions, []),
    modifiers: (Array.isArray(node.modifiers) ? node.modifiers : []).flatMap(modifierCall(nodes)),
    ...facts,
  });
}

/** A modifier the function applies; a base constructor call in a constructor's header is no modifier. */
function modifierCall(nodes: ReadonlyMap<number, Json>) {
  return (invocation: unknown): Call[] => {
    if (!isObject(invocation) || !isObject(invocation.modifierName)) return [];
    const target = invocation.modifierName.referencedDeclaration;
    if (typeof target !== "number" || nodes.get(target)?.nodeType !== "ModifierDefinition") return [];
    return [{ target, virtual: true }];
  };
}

type BodyFacts = Pick<Callable, "emits" | "calls" | "lowLevelCall" | "assemblyLog">;

const LOW_LEVEL_CALLS: readonly string[] = ["call", "delegatecall"];
const YUL_LOG = /^log[0-4]$/;

function bodyFacts(body: unknown, nodes: ReadonlyMap<number, Json>): BodyFacts {
  const facts: BodyFacts = { emits: [], calls: [], lowLevelCall: false, assemblyLog: false };
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (!isObject(value)) return;
    if (value.nodeType === "EmitStatement") {
      const event = declarationOf(isObject(value.eventCall) ? value.eventCall.expression : null, nodes);
      if (event?.nodeType === "EventDefinition")
        facts.emits.push(`${event.name}(${parameterTypes(event.parameters, nodes)})`);
    }
    if (value.nodeType === "FunctionCall") {
      const callee = calleeOf(value.expression);
      const declared = declarationOf(callee, nodes);
      if (declared?.nodeType === "FunctionDefinition" && typeof declared.id === "number")
        facts.calls.push({ target: declared.id, virtual: callee?.nodeType === "Identifier" });
      else if (
        callee?.nodeType === "MemberAccess" &&
        LOW_LEVEL_CALLS.includes(String(callee.memberName)) &&
        typeString(callee.expression).startsWith("address")
      )
        facts.lowLevelCall = true;
    }
    if (value.nodeType === "InlineAssembly") facts.assemblyLog ||= assemblyLogs(value);
    for (const child of Object.values(value)) if (typeof child === "object") visit(child);
  };
  visit(body);
  return facts;
}

/** `f{value: v}(…)` calls `f`. */
function calleeOf(expression: unknown): Json | null {
  if (!isObject(expression)) return null;
  return expression.nodeType === "FunctionCallOptions" ? calleeOf(expression.expression) : expression;
}

function declarationOf(expression: unknown, nodes: ReadonlyMap<number, Json>): Json | null {
  if (!isObject(expression) || typeof expression.referencedDeclaration !== "number") return null;
  return nodes.get(expression.referencedDeclaration) ?? null;
}

function typeString(expression: unknown): string {
  if (!isObject(expression) || !isObject(expression.typeDescriptions)) return "";
  return String(expression.typeDescriptions.typeString ?? "");
}

/** A Yul `log0`–`log4` call (solc ≥ 0.6 writes the Yul AST; older ones only the assembly text). */
function assemblyLogs(assembly: Json): boolean {
  if (typeof assembly.operations === "string") return /\blog[0-4]\s*\(/.test(assembly.operations);
  let found = false;
  const visit = (value: unknown): void => {
    if (found) return;
    if (Array.isArray(value)) for (const item of value) visit(item);
    else if (isObject(value)) {
      if (
        value.nodeType === "YulFunctionCall" &&
        isObject(value.functionName) &&
        YUL_LOG.test(String(value.functionName.name))
      )
        found = true;
      for (const child of Object.values(value)) if (typeof child === "object") visit(child);
    }
  };
  visit(assembly.AST);
  return found;
}

function parameterTypes(parameters: unknown, nodes: ReadonlyMap<number, Json>): string {
  const list = isObject(parameters) && Array.isArray(parameters.parameters) ? parameters.parameters : [];
  return list
    .map((parameter) => canonicalTypeName(isObject(parameter) ? parameter.typeName : null, nodes))
    .join(",");
}

/**
 * A type as the ABI spells it: a contract or interface is `address`, an
 * enum `uint8`, a struct the tuple of its members, a user-defined value
 * type its underlying type, `uint` `uint256`.
 */
function canonicalTypeName(typeName: unknown, nodes: ReadonlyMap<number, Json>): string {
  if (!isObject(typeName)) return "";
  switch (typeName.nodeType) {
    case "ElementaryTypeName": {
      const name = typeString(typeName) || String(typeName.name);
      return name
        .replace(/ payable$/, "")
        .replace(/^(u?int)$/, "$1256")
        .replace(/^byte$/, "bytes1");
    }
    case "ArrayTypeName": {
      const length = /\[(\d*)\]$/.exec(typeString(typeName))?.[1] ?? "";
      return `${canonicalTypeName(typeName.baseType, nodes)}[${length}]`;
    }
    case "FunctionTypeName":
      return "function";
    case "UserDefinedTypeName": {
      const declared = declarationOf(typeName, nodes);
      if (declared?.nodeType === "EnumDefinition") return "uint8";
      if (declared?.nodeType === "UserDefinedValueTypeDefinition")
        return canonicalTypeName(declared.underlyingType, nodes);
      if (declared?.nodeType === "StructDefinition") {
        const members = Array.isArray(declared.members) ? declared.members : [];
        return `(${members.map((m) => canonicalTypeName(isObject(m) ? m.typeName : null, nodes)).join(",")})`;
      }
      return "address";
    }
    default:
      return typeString(typeName);
  }
}
