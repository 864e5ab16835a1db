// The hashes live in the model so importers, which analyse contracts at import, share them with the pack.
export { keccakHex, selectorOf, topicOf } from "../../model/solidity-hashes.ts";
