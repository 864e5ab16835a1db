import { isObject, type Json } from "../shared/fields.ts";
import type { Call, Callable } from "./contract-model.ts";
import { type DeclaredCallable, nodesOf, type SourceDeclarations } from "./source-declarations.ts";

export type BodyFacts = Pick<Callable, "emits" | "calls" | "lowLevelCall" | "assemblyLog">;

/** Where a body is read: its contract's linearization and the declared types of the names it reads. */
export interface BodyContext {
  declarations: SourceDeclarations;
  linearized: readonly number[];
  linearizationOf: (contract: number) => readonly number[];
  scope: ReadonlyMap<string, Json>;
}

const LOW_LEVEL_CALLS: readonly string[] = ["call", "delegatecall"];
const YUL_LOG = /^log[0-4]$/;
const ADDRESS: Json = { type: "ElementaryTypeName", name: "address" };

/** The events a parsed body emits, the functions it calls, its low-level calls and assembly logs. */
export function sourceBodyFacts(body: unknown, context: BodyContext): BodyFacts {
  const facts: BodyFacts = { emits: [], calls: [], lowLevelCall: false, assemblyLog: false };
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (!isObject(value)) return;
    if (value.type === "InlineAssemblyStatement") {
      facts.assemblyLog ||= hasAssemblyLog(value.body);
      return;
    }
    if (value.type === "EmitStatement" && isObject(value.eventCall)) {
      const signature = emittedEvent(value.eventCall, context);
      if (signature !== null) facts.emits.push(signature);
      visit(value.eventCall.arguments);
      return;
    }
    if (value.type === "FunctionCall") addCall(value, context, facts);
    for (const child of Object.values(value)) if (typeof child === "object") visit(child);
  };
  visit(body);
  return facts;
}

function emittedEvent(eventCall: Json, context: BodyContext): string | null {
  const arity = nodesOf(eventCall.arguments).length;
  const callee = eventCall.expression;
  if (!isObject(callee)) return null;
  if (callee.type === "Identifier")
    return context.declarations.eventSignature(context.linearized, String(callee.name), arity);
  // `emit IToken.Transfer(…)`: an event of the contract named.
  const named = callee.type === "MemberAccess" ? namedContract(callee.expression, context) : undefined;
  return named === undefined
    ? null
    : context.declarations.eventSignature(context.linearizationOf(named), String(callee.memberName), arity);
}

function addCall(call: Json, context: BodyContext, facts: BodyFacts): void {
  const { declarations, linearized } = context;
  const callee = calleeOf(call.expression);
  const arity = nodesOf(call.arguments).length;
  const push = (targets: readonly DeclaredCallable[], virtual: boolean) => {
    for (const target of targets) facts.calls.push({ target: target.id, virtual } satisfies Call);
  };
  if (callee?.type === "Identifier") {
    // A variable of function type is a pointer: what it calls is not known.
    if (context.scope.has(String(callee.name))) return;
    push(declarations.findCallables(linearized, String(callee.name), arity, "function"), true);
    return;
  }
  if (callee?.type !== "MemberAccess" || !isObject(callee.expression)) return;
  const member = String(callee.memberName);
  const object = callee.expression;
  if (object.type === "Identifier" && object.name === "this") {
    push(declarations.findCallables(linearized, member, arity, "function"), false);
    return;
  }
  if (object.type === "Identifier" && object.name === "super") {
    // As the compiler resolves it: the next base of the declaring contract implementing it
    // (an interface's declaration in between is passed over).
    for (const base of linearized.slice(1)) {
      const implemented = ownCallables(declarations, [base], member, arity).filter((c) =>
        isObject(c.node.body),
      );
      if (implemented.length > 0) return push(implemented, false);
    }
    return;
  }
  const named = namedContract(object, context);
  if (named !== undefined) {
    // `Base.f()` or `Library.f()`; another contract's name is a selector or a type, not a call.
    if (linearized.includes(named) || declarations.contracts.get(named)?.kind === "library")
      push(ownCallables(declarations, context.linearizationOf(named), member, arity), false);
    return;
  }
  const type = typeOf(object, context);
  const contract = contractOf(type, context);
  if (contract !== undefined) {
    const targets = ownCallables(declarations, context.linearizationOf(contract), member, arity);
    if (targets.length > 0) return push(targets, false);
  } else if (isAddress(type) && LOW_LEVEL_CALLS.includes(member)) {
    facts.lowLevelCall = true;
    return;
  }
  push(usingForTargets(member, arity + 1, context), false);
}

/** Callables declared in a contract of the linearization, not free functions of the same name. */
function ownCallables(
  declarations: SourceDeclarations,
  linearized: readonly number[],
  name: string,
  arity: number,
): DeclaredCallable[] {
  return declarations.findCallables(linearized, name, arity, "function").filter((c) => c.contract !== null);
}

/**
 * `value.f(…)` bound by `using L for T` or `using {f} for T`: the function
 * of that name taking the value first, whatever T is (the source does not
 * tell the value's type reliably).
 */
function usingForTargets(member: string, arity: number, context: BodyContext): DeclaredCallable[] {
  const { declarations, linearized } = context;
  const usings = [
    ...linearized.flatMap((id) => declarations.contracts.get(id)?.usings ?? []),
    ...declarations.fileUsings,
  ];
  const targets: DeclaredCallable[] = [];
  for (const using of usings) {
    if (typeof using.libraryName === "string") {
      const library = declarations.contractByName(using.libraryName);
      if (library) targets.push(...ownCallables(declarations, [library.id], member, arity));
      continue;
    }
    for (const path of Array.isArray(using.functions) ? using.functions.map(String) : []) {
      const segments = path.split(".");
      if (segments.at(-1) !== member) continue;
      const library =
        segments.length > 1 ? declarations.contractByName(segments.at(-2) as string) : undefined;
      const found = declarations.findCallables(library ? [library.id] : [], member, arity, "function");
      targets.push(...found);
    }
  }
  return [...new Set(targets)];
}

/** `f{value: v}(…)` calls `f`. */
function calleeOf(expression: unknown): Json | null {
  if (!isObject(expression)) return null;
  return expression.type === "NameValueExpression" ? calleeOf(expression.expression) : expression;
}

/** The contract an identifier names, unless a variable of the same name hides it. */
function namedContract(expression: unknown, context: BodyContext): number | undefined {
  if (!isObject(expression) || expression.type !== "Identifier") return undefined;
  const name = String(expression.name);
  return context.scope.has(name) ? undefined : context.declarations.contractByName(name)?.id;
}

/** The declared type of an expression, where the source says it; null otherwise. */
function typeOf(expression: unknown, context: BodyContext): Json | null {
  if (!isObject(expression)) return null;
  switch (expression.type) {
    case "Identifier":
      return context.scope.get(String(expression.name)) ?? null;
    case "TupleExpression": {
      const components = Array.isArray(expression.components) ? expression.components : [];
      return components.length === 1 ? typeOf(components[0], context) : null;
    }
    case "IndexAccess": {
      const base = typeOf(expression.base, context);
      if (base?.type === "Mapping" && isObject(base.valueType)) return base.valueType;
      if (base?.type === "ArrayTypeName" && isObject(base.baseTypeName)) return base.baseTypeName;
      return null;
    }
    case "MemberAccess": {
      if (isObject(expression.expression) && expression.expression.type === "Identifier") {
        const path = `${expression.expression.name}.${expression.memberName}`;
        if (path === "msg.sender" || path === "tx.origin" || path === "block.coinbase") return ADDRESS;
      }
      const base = typeOf(expression.expression, context);
      if (base?.type !== "UserDefinedTypeName") return null;
      const struct = context.declarations.typeDeclaration(base.namePath, context.linearized);
      const field = nodesOf(struct?.members).find((m) => m.name === expression.memberName);
      return isObject(field?.typeName) ? field.typeName : null;
    }
    case "FunctionCall": {
      // A conversion: `address(x)`, `payable(x)`, `IToken(x)`.
      const callee = expression.expression;
      if (!isObject(callee)) return null;
      const name = callee.type === "Identifier" || callee.type === "ElementaryTypeName" ? callee.name : null;
      if (name === "address" || name === "payable") return ADDRESS;
      return namedContract(callee, context) === undefined
        ? null
        : { type: "UserDefinedTypeName", namePath: name };
    }
    default:
      return null;
  }
}

function contractOf(type: Json | null, context: BodyContext): number | undefined {
  if (type?.type !== "UserDefinedTypeName") return undefined;
  if (context.declarations.typeDeclaration(type.namePath, context.linearized)) return undefined;
  return context.declarations.contractByName(String(type.namePath))?.id;
}

function isAddress(type: Json | null): boolean {
  return type?.type === "ElementaryTypeName" && String(type.name).startsWith("address");
}

function hasAssemblyLog(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasAssemblyLog);
  if (!isObject(value)) return false;
  if (value.type === "AssemblyCall" && YUL_LOG.test(String(value.functionName))) return true;
  return Object.values(value).some((child) => typeof child === "object" && hasAssemblyLog(child));
}
