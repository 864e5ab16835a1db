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
