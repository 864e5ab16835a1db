import { describe, expect, it } from "vitest";
import { abiItems, canonicalType } from "./abi.ts";
import { checkInterfaces, collisionCount, type InterfaceSource } from "./collisions.ts";
import { selectorOf, topicOf } from "./selectors.ts";

const address = (type: string, indexed = false) => ({ type, name: "", indexed });
const fn = (name: string, ...types: string[]) => ({
  type: "function",
  name,
  inputs: types.map((t) => ({ type: t })),
});
const event = (name: string, inputs: ReturnType<typeof address>[], anonymous = false) => ({
  type: "event",
  name,
  inputs,
  anonymous,
});

function source(contract: string, abi: unknown[]): InterfaceSource {
  return { contract, location: `abi/${contract}.json`, chain_id: 1, address: null, abi };
}

// ERC-20 indexes from and to; ERC-721 also the token id.
const ERC20_TRANSFER = event("Transfer", [
  address("address", true),
  address("address", true),
  address("uint256"),
]);
const ERC721_TRANSFER = event("Transfer", [
  address("address", true),
  address("address", true),
  address("uint256", true),
]);

describe("selectors and topics", () => {
  it.each([
    ["burn(uint256)", "0x42966c68"],
    ["collate_propagate_storage(bytes16)", "0x42966c68"],
    ["transferFrom(address,address,uint256)", "0x23b872dd"],
    ["gasprice_bit_ether(int128)", "0x23b872dd"],
    ["transfer(address,uint256)", "0xa9059cbb"],
  ])("%s has selector %s", (signature, selector) => {
    expect(selectorOf(signature)).toBe(selector);
  });

  it("hashes an event's whole signature into topic0", () => {
    expect(topicOf("Transfer(address,address,uint256)")).toBe(
      "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef",
    );
  });
});

describe("canonical signatures", () => {
  it("expands tuples, keeps array suffixes and spells out uint", () => {
    const order = {
      type: "tuple[]",
      components: [
        { type: "address" },
        { type: "tuple", components: [{ type: "uint" }, { type: "bytes32[2]" }] },
      ],
    };
    expect(canonicalType(order)).toBe("(address,(uint256,bytes32[2]))[]");
    expect(
      abiItems([{ type: "function", name: "fill", inputs: [order, { type: "int[]" }] }])[0]?.signature,
    ).toBe("fill((address,(uint256,bytes32[2]))[],int256[])");
  });

  it("leaves out constructors, fallbacks and receive functions, and reads an entry without type as a function", () => {
    const items = abiItems([
      { type: "constructor", inputs: [] },
      { type: "fallback" },
      { type: "receive" },
      { name: "f", inputs: [] },
    ]);
    expect(items.map((i) => i.signature)).toEqual(["f()"]);
  });

  it("refuses an entry with no name", () => {
    expect(() => abiItems([{ type: "event", inputs: [] }])).toThrow("ABI entry 0 (event) has no name");
  });
});

describe("checkInterfaces", () => {
  it("finds the two known selector collisions, each between two contracts", () => {
    const check = checkInterfaces([
      source("Token", [fn("burn", "uint256"), fn("transferFrom", "address", "address", "uint256")]),
      source("Oddity", [fn("collate_propagate_storage", "bytes16"), fn("gasprice_bit_ether", "int128")]),
    ]);
    // Sorted by selector: 0x23b872dd before 0x42966c68.
    expect(check.findings.map((f) => [f.rule, f.key, f.members.map((m) => m.signature)])).toEqual([
      [
        "selector-collision",
        "0x23b872dd",
        ["gasprice_bit_ether(int128)", "transferFrom(address,address,uint256)"],
      ],
      ["selector-collision", "0x42966c68", ["burn(uint256)", "collate_propagate_storage(bytes16)"]],
    ]);
    expect(check.findings[1]?.members.map((m) => m.contracts.map((c) => c.contract))).toEqual([
      ["Token"],
      ["Oddity"],
    ]);
    expect(collisionCount(check)).toBe(2);
  });

  it("finds a custom error whose selector a function of another contract has", () => {
    const error = { type: "error", name: "collate_propagate_storage", inputs: [{ type: "bytes16" }] };
    const check = checkInterfaces([source("A", [fn("burn", "uint256")]), source("B", [error])]);
    expect(check.findings.map((f) => [f.rule, f.members.map((m) => m.kind)])).toEqual([
      ["selector-collision", ["function", "error"]],
    ]);
  });

  it("finds ERC-20 and ERC-721 Transfer: one topic0, different indexed flags, not a topic collision", () => {
    const check = checkInterfaces([source("Token", [ERC20_TRANSFER]), source("Nft", [ERC721_TRANSFER])]);
    expect(check.findings).toHaveLength(1);
    const [mismatch] = check.findings;
    expect(mismatch?.rule).toBe("indexed-mismatch");
    expect(mismatch?.key).toBe("Transfer(address,address,uint256)");
    expect(mismatch?.message).toContain("0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef");
    expect(mismatch?.members.map((m) => m.indexed)).toEqual([
      [true, true, false],
      [true, true, true],
    ]);
  });

  it("names an event name with no signature in common across contracts, not overloads, not allowed names", () => {
    const paid = (types: string[]) =>
      event(
        "Paid",
        types.map((t) => address(t)),
      );
    const a = source("A", [paid(["address", "uint256"])]);
    const b = source("B", [paid(["uint256"])]);
    // C overloads Paid and shares A's signature: a superset, not a different meaning.
    const c = source("C", [paid(["address", "uint256"]), paid(["address", "uint256", "bytes"])]);
    expect(checkInterfaces([a, c]).findings).toEqual([]);
    const clash = checkInterfaces([a, b, c]).findings;
    expect(clash.map((f) => [f.rule, f.key])).toEqual([["name-clash", "event Paid"]]);
    expect(checkInterfaces([a, b], { allowedNames: ["Paid"] }).findings).toEqual([]);
  });

  it("notes an anonymous event, which does not count as a collision", () => {
    const check = checkInterfaces([source("A", [event("Log", [address("bytes32", true)], true)])]);
    expect(check.findings.map((f) => [f.rule, f.level, f.key])).toEqual([
      ["anonymous-event", "note", "Log(bytes32)"],
    ]);
    expect(collisionCount(check)).toBe(0);
  });

  it("counts the same ABI on two chains once, and sets an unreadable ABI aside", () => {
    const token = [fn("burn", "uint256")];
    const check = checkInterfaces([
      source("Token", token),
      { ...source("Token", token), chain_id: 10 },
      source("Broken", [{ type: "function", inputs: [] }]),
    ]);
    expect(check.findings).toEqual([]);
    expect(check.unreadable).toEqual([
      { location: "abi/Broken.json", contract: "Broken", reason: "ABI entry 0 (function) has no name" },
    ]);
  });
});
