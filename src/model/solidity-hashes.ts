/** Solidity's Keccak-256 names: function and error selectors, event topics. */
import { keccak_256 } from "@noble/hashes/sha3";

/** Keccak-256 of a text, as `0x`-prefixed hex: Ethereum's hash (not NIST SHA3-256, which pads differently). */
export function keccakHex(text: string): string {
  return `0x${Buffer.from(keccak_256(text)).toString("hex")}`;
}

/** A function's or custom error's selector: the first 4 bytes of the hash of its canonical signature. */
export function selectorOf(signature: string): string {
  return keccakHex(signature).slice(0, 10);
}

/** An event's topic0: the whole hash of its canonical signature. */
export function topicOf(signature: string): string {
  return keccakHex(signature);
}

/**
 * Keccak-256 of the bytes a hex string holds (a contract's bytecode), as
 * `0x`-prefixed hex; null for no code (`0x`) or text that is not whole
 * bytes of hex, such as bytecode with unlinked library placeholders.
 */
export function bytecodeHash(hex: string): string | null {
  const digits = hex.startsWith("0x") ? hex.slice(2) : hex;
  if (digits.length === 0 || digits.length % 2 !== 0 || !/^[0-9a-fA-F]+$/.test(digits)) return null;
  return `0x${Buffer.from(keccak_256(Buffer.from(digits, "hex"))).toString("hex")}`;
}
