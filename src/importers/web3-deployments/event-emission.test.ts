import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { Callable, ContractUnit, SolidityProgram } from "./contract-model.ts";
import { functionEmissions } from "./event-emission.ts";
import { solcProgram } from "./solc-ast.ts";

const fixture = (path: string) => fileURLToPath(new URL(`fixtures/${path}`, import.meta.url));
const readJson = (path: string) => JSON.parse(readFileSync(path, "utf8"));

/** Every artifact of the veBalFeeInjector `out/` folder: one Foundry compilation. */
function veBalOut(): { program: SolidityProgram; artifacts: Map<string, { abi: unknown[] }> } {
  const out = fixture("vebal/out");
  const artifacts = new Map<string, { abi: unknown[]; ast: unknown }>();
  for (const folder of readdirSync(out))
    for (const file of readdirSync(join(out, folder)))
      artifacts.set(file.replace(/\.json$/, ""), readJson(join(out, folder, file)));
  return { program: solcProgram([...artifacts.values()].map((a) => a.ast)), artifacts };
}

function contractId(program: SolidityProgram, name: string): number {
  const contract = [...program.contracts.values()].find((c) => c.name === name);
  if (!contract) throw new Error(`no ${name}`);
  return contract.id;
}

/** `name(type,…)` of an ABI's payable and non-payable functions, for comparison with the AST's. */
function abiStateChanging(abi: unknown[]): string[] {
  return (abi as { type: string; name: string; stateMutability: string; inputs: { type: string }[] }[])
    .filter((e) => e.type === "function" && ["nonpayable", "payable"].includes(e.stateMutability))
    .map((e) => `${e.name}(${e.inputs.map((i) => i.type).join(",")})`)
    .sort();
}

describe("event emission from a Foundry out/ with ASTs (veBalFeeInjector)", () => {
  it("follows modifiers, internal calls and inherited functions of ConfirmedOwner and Pausable", () => {
    const { program } = veBalOut();
    /*
     * By hand, from contracts/veBalFeeInjector.sol and its bases (ConfirmedOwnerWithProposal,
     * Pausable) at the fixture's commit: the non-view external/public functions are
     * performUpkeep and payFees (both reach _payFees, which emits feesPaid), setKeeperRegistry,
     * setTokens and sweep (emit their own event), unpause (→ Pausable._unpause emits Unpaused),
     * transferOwnership (→ _transferOwnership emits OwnershipTransferRequested), acceptOwnership
     * (emits OwnershipTransferred) and withdraw, which only sends ether (`payee.transfer`, no
     * contract call) behind onlyOwner, whose check emits nothing → 9 functions, 8 emit.
     * checkUpkeep and getTokens are view; the public variables' getters are view.
     */
    const functions = functionEmissions(program, contractId(program, "veBalFeeInjector"));
    expect(functions.map((f) => [f.signature, f.emission, f.events.join(" ")])).toEqual([
      ["acceptOwnership()", "emits", "OwnershipTransferred(address,address)"],
      ["payFees()", "emits", "feesPaid(address[],uint256[],uint256,bool)"],
      ["performUpkeep(bytes)", "emits", "feesPaid(address[],uint256[],uint256,bool)"],
      ["setKeeperRegistry(address)", "emits", "keeperRegistryUpdated(address,address)"],
      ["setTokens(address[])", "emits", "tokensSet(address[])"],
      ["sweep(address,address)", "emits", "ERC20Swept(address,address,uint256)"],
      ["transferOwnership(address)", "emits", "OwnershipTransferRequested(address,address)"],
      ["unpause()", "emits", "Unpaused(address)"],
      ["withdraw(uint256,address)", "none", ""],
    ]);
  });

  it("spells signatures and selectors as the ABI and the compiler do", () => {
    const { program, artifacts } = veBalOut();
    const functions = functionEmissions(program, contractId(program, "veBalFeeInjector"));
    const abi = artifacts.get("veBalFeeInjector")?.abi ?? [];
    expect(functions.map((f) => f.signature)).toEqual(abiStateChanging(abi));
    // jq -r '.. | objects | select(.nodeType=="FunctionDefinition" and .name=="withdraw") | .functionSelector'
    expect(functions.find((f) => f.signature.startsWith("withdraw"))?.selector).toBe("0x00f714ce");
  });

  it("finds an interface function called on another contract as a call out", () => {
    const { program } = veBalOut();
    // ConfirmedOwner alone: transferOwnership and acceptOwnership emit, as inherited above.
    expect(functionEmissions(program, contractId(program, "ConfirmedOwner")).map((f) => f.emission)).toEqual([
      "emits",
      "emits",
    ]);
  });
});

describe("event emission from a Hardhat build-info (Lock, instrumented by solidity-coverage)", () => {
  it("lists withdraw() alone: the coverage probes are pure, the getters view, the constructor no function", () => {
    const buildInfo = readJson(fixture("lock/artifacts/build-info/b135af88a9f8293c4e677827b77e7237.json"));
    const program = solcProgram(
      Object.values(buildInfo.output.sources).map((s) => (s as { ast: unknown }).ast),
    );
    // contracts/Lock.sol: `function withdraw() public { … emit Withdrawal(address(this).balance, block.timestamp); … }`
    expect(functionEmissions(program, contractId(program, "Lock"))).toEqual([
      {
        signature: "withdraw()",
        selector: "0x3ccfd60b",
        mutability: "nonpayable",
        emission: "emits",
        events: ["Withdrawal(uint256,uint256)"],
        assembly_log: false,
      },
    ]);
  });
});

/*
 * Edge cases on the normalized model, hand-made: one contract Vault is [Vault, Base], a library
 * Lib, an interface Token.
 */
function callable(id: number, contract: number | null, name: string, more: Partial<Callable> = {}): Callable {
  return {
    id,
    name,
    contract,
    kind: "function",
    visibility: "internal",
    mutability: "nonpayable",
    implemented: true,
    signature: null,
    overrides: [],
    modifiers: [],
    emits: [],
    calls: [],
    lowLevelCall: false,
    assemblyLog: false,
    ...more,
  };
}

function program(callables: Callable[]): SolidityProgram {
  const unit = (
    id: number,
    name: string,
    kind: ContractUnit["kind"],
    linearized: number[],
  ): ContractUnit => ({
    id,
    name,
    kind,
    abstract: false,
    file: `${name}.sol`,
    linearized,
    callables: callables.filter((c) => c.contract === id).map((c) => c.id),
  });
  return {
    contracts: new Map([
      [1, unit(1, "Vault", "contract", [1, 2])],
      [2, unit(2, "Base", "contract", [2])],
      [3, unit(3, "Lib", "library", [3])],
      [4, unit(4, "Token", "interface", [4])],
    ]),
    callables: new Map(callables.map((c) => [c.id, c])),
  };
}

const external = (signature: string, more: Partial<Callable> = {}) => ({
  visibility: "external" as const,
  signature,
  ...more,
});

describe("event emission rules", () => {
  const vault = program([
    // Base.deposit() calls the virtual hook _after(), which Vault overrides with one that emits.
    callable(20, 2, "deposit", external("deposit()", { calls: [{ target: 21, virtual: true }] })),
    callable(21, 2, "_after"),
    callable(10, 1, "_after", { overrides: [21], emits: ["Deposited()"] }),
    // A modifier that emits; a function that only calls a token; one that only delegatecalls.
    callable(22, 2, "logged", { kind: "modifier", emits: ["Called(bytes4)"] }),
    callable(11, 1, "pause", external("pause()", { modifiers: [{ target: 22, virtual: true }] })),
    callable(40, 4, "transfer", external("transfer(address,uint256)", { implemented: false })),
    callable(12, 1, "pay", external("pay(address,uint256)", { calls: [{ target: 40, virtual: false }] })),
    callable(13, 1, "forward", external("forward(bytes)", { mutability: "payable", lowLevelCall: true })),
    // Overloads are two functions; a library function's emit is the contract's; recursion ends.
    callable(14, 1, "set", external("set(uint256)", { calls: [{ target: 30, virtual: false }] })),
    callable(15, 1, "set", external("set(uint256,uint256)", { calls: [{ target: 15, virtual: true }] })),
    callable(30, 3, "record", { emits: ["Recorded(uint256)"] }),
    callable(16, 1, "raw", external("raw()", { assemblyLog: true })),
    callable(17, 1, "peek", external("peek()", { mutability: "view", emits: ["Never()"] })),
    // Base's sweep() is inherited as is; Vault overrides Base's quiet() with one that emits nothing either.
    callable(23, 2, "sweep", { ...external("sweep()"), visibility: "public", emits: ["Swept()"] }),
    callable(24, 2, "quiet", external("quiet()", { emits: ["Hidden()"] })),
    callable(18, 1, "quiet", external("quiet()", { overrides: [24] })),
  ]);

  it("states each function's emission by the rules", () => {
    const states = functionEmissions(vault, 1).map((f) => [
      f.signature,
      f.emission,
      f.events.join(" "),
      f.assembly_log,
    ]);
    expect(states).toEqual([
      ["deposit()", "emits", "Deposited()", false], // the override in Vault runs, not Base's empty hook
      ["forward(bytes)", "external_only", "", false],
      ["pause()", "emits", "Called(bytes4)", false],
      ["pay(address,uint256)", "external_only", "", false],
      ["quiet()", "none", "", false], // the most derived quiet() wins over Base's, which emitted
      ["raw()", "emits", "", true],
      ["set(uint256)", "emits", "Recorded(uint256)", false],
      ["set(uint256,uint256)", "none", "", false],
      ["sweep()", "emits", "Swept()", false],
    ]);
  });

  it("leaves out view functions and unimplemented declarations", () => {
    expect(functionEmissions(vault, 4)).toEqual([]);
    expect(functionEmissions(vault, 1).some((f) => f.signature === "peek()")).toBe(false);
  });
});
