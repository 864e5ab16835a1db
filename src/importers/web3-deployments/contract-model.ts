/**
 * Solidity contracts reduced to what the event-emission analysis reads:
 * each contract's linearized bases, each function's and modifier's
 * emitted events, the functions it calls and whether it calls out. A front
 * end (the compiler's AST, or a parsed source) builds it; the analysis
 * never sees the front end's shapes. Ids are the front end's declaration
 * ids, unique within one compilation.
 */
export interface SolidityProgram {
  contracts: ReadonlyMap<number, ContractUnit>;
  callables: ReadonlyMap<number, Callable>;
}

/** A program and the contract of it a deployment names. */
export interface LocatedContract {
  program: SolidityProgram;
  contract: number;
}

export type ContractKind = "contract" | "interface" | "library";

export interface ContractUnit {
  id: number;
  name: string;
  kind: ContractKind;
  abstract: boolean;
  /** The source file that declares it (`contracts/Foo.sol`). */
  file: string;
  /** The contract first, then its bases, most derived first (C3 linearization). */
  linearized: number[];
  /** Its own functions and modifiers, in declaration order. */
  callables: number[];
}

export type CallableKind = "function" | "modifier" | "constructor" | "fallback" | "receive";

export interface Callable {
  id: number;
  name: string;
  /** Null for a free function, declared outside any contract. */
  contract: number | null;
  kind: CallableKind;
  visibility: "external" | "public" | "internal" | "private";
  mutability: "pure" | "view" | "nonpayable" | "payable";
  /** False for a declaration without a body (an interface's, an abstract one). */
  implemented: boolean;
  /** Canonical signature (`name(type,…)`) of an external or public function; null otherwise. */
  signature: string | null;
  /** The functions or modifiers it overrides, directly. */
  overrides: number[];
  /** The modifiers it applies, in order. */
  modifiers: Call[];
  /** Canonical signatures of the events its body emits. */
  emits: string[];
  /** The functions its body calls by name: its contract's, its bases', libraries', free ones, other contracts'. */
  calls: Call[];
  /** A low-level `call` or `delegatecall` on an address: code of another contract runs. */
  lowLevelCall: boolean;
  /** An inline assembly `log0`–`log4`. */
  assemblyLog: boolean;
}

/**
 * A call to a declared function or modifier. `virtual` when it is named
 * bare (`_pay()`, a modifier): the most derived override in the calling
 * contract's linearization runs. Qualified (`Base._pay()`, `super._pay()`,
 * `lib.f()`, `token.transfer()`), the named declaration runs.
 */
export interface Call {
  target: number;
  virtual: boolean;
}
