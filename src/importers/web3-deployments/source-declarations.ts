import { isObject, type Json } from "../shared/fields.ts";
import type { ContractKind } from "./contract-model.ts";

export interface DeclaredContract {
  id: number;
  name: string;
  kind: ContractKind;
  abstract: boolean;
  file: string;
  baseNames: string[];
  callables: DeclaredCallable[];
  events: Json[];
  /** Structs, enums and user-defined value types it declares, by name. */
  types: Map<string, Json>;
  stateVariables: Json[];
  usings: Json[];
}

export interface DeclaredCallable {
  id: number;
  name: string;
  /** Null for a free function. */
  contract: number | null;
  node: Json;
}

export type CallableType = "function" | "modifier";

/**
 * The declarations of parsed Solidity sources and the name lookups the
 * compiler would make: contracts by name, callables, events and types
 * through a contract's linearization, then at file level. Ids number the
 * contracts and callables in source order.
 */
export class SourceDeclarations {
  readonly contracts = new Map<number, DeclaredContract>();
  readonly callables = new Map<number, DeclaredCallable>();
  private readonly contractsByName = new Map<string, DeclaredContract>();
  private readonly freeFunctions: DeclaredCallable[] = [];
  private readonly fileEvents: Json[] = [];
  private readonly fileTypes = new Map<string, Json>();
  /** File-level `using … for` directives (`global` or not: the sources are one compilation). */
  readonly fileUsings: Json[] = [];
  private nextId = 1;

  constructor(units: readonly (readonly [string, Json])[]) {
    for (const [file, unit] of units)
      for (const node of nodesOf(unit.children)) {
        if (node.type === "ContractDefinition") this.addContract(node, file);
        else if (node.type === "FunctionDefinition") this.addCallable(node, null, this.freeFunctions);
        else if (node.type === "EventDefinition") this.fileEvents.push(node);
        else if (node.type === "UsingForDeclaration") this.fileUsings.push(node);
        else if (isTypeDeclaration(node) && !this.fileTypes.has(String(node.name)))
          this.fileTypes.set(String(node.name), node);
      }
  }

  private addContract(node: Json, file: string): void {
    const id = this.nextId++;
    const contract: DeclaredContract = {
      id,
      name: String(node.name),
      kind: node.kind === "interface" || node.kind === "library" ? node.kind : "contract",
      abstract: node.kind === "abstract",
      file,
      baseNames: nodesOf(node.baseContracts).map((base) =>
        isObject(base.baseName) ? lastSegment(base.baseName.namePath) : "",
      ),
      callables: [],
      events: [],
      types: new Map(),
      stateVariables: [],
      usings: [],
    };
    this.contracts.set(id, contract);
    if (!this.contractsByName.has(contract.name)) this.contractsByName.set(contract.name, contract);
    for (const child of nodesOf(node.subNodes)) {
      if (child.type === "FunctionDefinition" || child.type === "ModifierDefinition")
        this.addCallable(child, id, contract.callables);
      else if (child.type === "EventDefinition") contract.events.push(child);
      else if (child.type === "StateVariableDeclaration")
        contract.stateVariables.push(...nodesOf(child.variables));
      else if (child.type === "UsingForDeclaration") contract.usings.push(child);
      else if (isTypeDeclaration(child)) contract.types.set(String(child.name), child);
    }
  }

  private addCallable(node: Json, contract: number | null, list: DeclaredCallable[]): void {
    const callable = { id: this.nextId++, name: String(node.name ?? ""), contract, node };
    this.callables.set(callable.id, callable);
    list.push(callable);
  }

  contractByName(name: string): DeclaredContract | undefined {
    return this.contractsByName.get(lastSegment(name));
  }

  contractName(id: number | null): string | null {
    return id === null ? null : (this.contracts.get(id)?.name ?? null);
  }

  baseIds(id: number): number[] {
    return (this.contracts.get(id)?.baseNames ?? []).flatMap((name) => {
      const base = this.contractsByName.get(name);
      return base ? [base.id] : [];
    });
  }

  /**
   * The functions or modifiers of that name (and argument count, when
   * given) the first contract of the linearization that declares any holds;
   * free functions when none does.
   */
  findCallables(
    linearized: readonly number[],
    name: string,
    arity: number | null,
    type: CallableType,
  ): DeclaredCallable[] {
    const fits = (callable: DeclaredCallable) =>
      callable.name === name &&
      (callable.node.type === "ModifierDefinition") === (type === "modifier") &&
      (arity === null || nodesOf(callable.node.parameters).length === arity);
    for (const id of linearized) {
      const found = (this.contracts.get(id)?.callables ?? []).filter(fits);
      if (found.length > 0) return found;
    }
    return type === "function" ? this.freeFunctions.filter(fits) : [];
  }

  /** The canonical signature of the event an `emit` names, through the linearization, then at file level. */
  eventSignature(linearized: readonly number[], name: string, arity: number): string | null {
    const fits = (event: Json) => event.name === name && nodesOf(event.parameters).length === arity;
    for (const id of linearized) {
      const event = this.contracts.get(id)?.events.find(fits);
      if (event) return `${name}(${this.parameterTypes(event.parameters, linearized)})`;
    }
    const event = this.fileEvents.find(fits);
    return event ? `${name}(${this.parameterTypes(event.parameters, linearized)})` : null;
  }

  /** The declarations of the bases it overrides: same name, same kind, same parameter types. */
  overridden(declared: DeclaredCallable, linearized: readonly number[]): number[] {
    const key = this.parameterTypes(declared.node.parameters, linearized);
    // All the overridden ones, not only the nearest: the analysis follows overrides transitively.
    return linearized
      .slice(1)
      .flatMap((id) =>
        (this.contracts.get(id)?.callables ?? [])
          .filter(
            (base) =>
              base.name === declared.name &&
              base.node.type === declared.node.type &&
              this.parameterTypes(base.node.parameters, linearized) === key,
          )
          .map((base) => base.id),
      );
  }

  parameterTypes(parameters: unknown, linearized: readonly number[]): string {
    return nodesOf(parameters)
      .map((parameter) => this.canonicalType(parameter.typeName, linearized))
      .join(",");
  }

  /** A struct, enum or user-defined value type by its (possibly qualified) name, nearest first. */
  typeDeclaration(namePath: unknown, linearized: readonly number[]): Json | undefined {
    const path = String(namePath).split(".");
    const name = path.at(-1) as string;
    if (path.length > 1) {
      const qualifier = this.contractByName(path.at(-2) as string);
      if (qualifier?.types.has(name)) return qualifier.types.get(name);
    }
    for (const id of linearized) {
      const declared = this.contracts.get(id)?.types.get(name);
      if (declared) return declared;
    }
    if (this.fileTypes.has(name)) return this.fileTypes.get(name);
    for (const contract of this.contracts.values())
      if (contract.types.has(name)) return contract.types.get(name);
    return undefined;
  }

  /** A type as the ABI spells it, as the AST front end spells it. */
  canonicalType(typeName: unknown, linearized: readonly number[]): string {
    if (!isObject(typeName)) return "";
    switch (typeName.type) {
      case "ElementaryTypeName":
        return String(typeName.name)
          .replace(/ payable$/, "")
          .replace(/^(u?int)$/, "$1256")
          .replace(/^byte$/, "bytes1");
      case "ArrayTypeName": {
        const length = isObject(typeName.length) ? String(typeName.length.number ?? "") : "";
        return `${this.canonicalType(typeName.baseTypeName, linearized)}[${length}]`;
      }
      case "FunctionTypeName":
        return "function";
      case "UserDefinedTypeName": {
        const declared = this.typeDeclaration(typeName.namePath, linearized);
        if (declared?.type === "EnumDefinition") return "uint8";
        if (declared?.type === "TypeDefinition") return this.canonicalType(declared.definition, linearized);
        if (declared?.type === "StructDefinition")
          return `(${this.parameterTypes(declared.members, linearized)})`;
        return "address";
      }
      default:
        return "";
    }
  }

  /** The declared type of each name a callable's body can read: state variables, then its parameters and locals. */
  scope(linearized: readonly number[], node: Json): Map<string, Json> {
    const scope = new Map<string, Json>();
    for (const id of [...linearized].reverse())
      for (const variable of this.contracts.get(id)?.stateVariables ?? []) declare(scope, variable);
    for (const parameter of [...nodesOf(node.parameters), ...nodesOf(node.returnParameters)])
      declare(scope, parameter);
    const visit = (value: unknown): void => {
      if (Array.isArray(value)) for (const item of value) visit(item);
      else if (isObject(value)) {
        if (value.type === "VariableDeclarationStatement")
          for (const variable of nodesOf(value.variables)) declare(scope, variable);
        for (const child of Object.values(value)) if (typeof child === "object") visit(child);
      }
    };
    visit(node.body);
    return scope;
  }
}

export function nodesOf(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

function lastSegment(namePath: unknown): string {
  return String(namePath).split(".").at(-1) as string;
}

function isTypeDeclaration(node: Json): boolean {
  return node.type === "StructDefinition" || node.type === "EnumDefinition" || node.type === "TypeDefinition";
}

function declare(scope: Map<string, Json>, variable: Json): void {
  if (typeof variable.name === "string" && isObject(variable.typeName))
    scope.set(variable.name, variable.typeName);
}
