/**
 * The parts of a Solidity JSON ABI that name an interface: functions, events
 * and custom errors, with their canonical signatures (`name(type,…)`, tuples
 * expanded to `(type,…)`, array suffixes kept), as the selector and topic
 * hashes are taken over them.
 */
export type AbiItemKind = "function" | "event" | "error";

export interface AbiItem {
  kind: AbiItemKind;
  name: string;
  /** `transfer(address,uint256)`. */
  signature: string;
  /** For events: which parameters are indexed, in order. */
  indexed: boolean[];
  anonymous: boolean;
  /** For functions: `view`, `pure`, `nonpayable` or `payable` (older ABIs say `constant` and `payable` instead); null otherwise. */
  mutability: string | null;
}

interface AbiParameter {
  type: string;
  components?: AbiParameter[];
  indexed?: boolean;
}

const KINDS: readonly string[] = ["function", "event", "error"];

/**
 * The functions, events and errors of an ABI (constructors, fallbacks and
 * receive functions have no selector). Throws on an entry that is not an
 * ABI entry, naming its position: a registry must not hold an ABI that a
 * decoder would misread.
 */
export function abiItems(abi: readonly unknown[]): AbiItem[] {
  const items: AbiItem[] = [];
  for (const [index, entry] of abi.entries()) {
    if (typeof entry !== "object" || entry === null) throw new Error(`ABI entry ${index} is not an object`);
    const {
      type = "function",
      name,
      inputs = [],
      anonymous,
      stateMutability,
      constant,
      payable,
    } = entry as Record<string, unknown>;
    if (typeof type !== "string" || !KINDS.includes(type)) continue;
    if (typeof name !== "string" || name === "") throw new Error(`ABI entry ${index} (${type}) has no name`);
    if (!Array.isArray(inputs)) throw new Error(`ABI entry ${index} (${name}): inputs is not a list`);
    const parameters = inputs.map((input, at) => parameterOf(input, `${name} input ${at}`));
    items.push({
      kind: type as AbiItemKind,
      name,
      signature: `${name}(${parameters.map(canonicalType).join(",")})`,
      indexed: type === "event" ? parameters.map((p) => p.indexed === true) : [],
      anonymous: type === "event" && anonymous === true,
      mutability:
        type !== "function"
          ? null
          : typeof stateMutability === "string"
            ? stateMutability
            : constant === true
              ? "view"
              : payable === true
                ? "payable"
                : "nonpayable",
    });
  }
  return items;
}

/** `tuple[2]` with components (uint256, address) → `(uint256,address)[2]`; `uint` → `uint256`. */
export function canonicalType(parameter: AbiParameter): string {
  const { type, components } = parameter;
  if (type.startsWith("tuple")) {
    const inner = (components ?? []).map(canonicalType).join(",");
    return `(${inner})${type.slice("tuple".length)}`;
  }
  // Solidity's aliases: `uint` and `int` are 256 bits in the canonical form.
  return type.replace(/^(u?int)(?=$|\[)/, "$1256");
}

function parameterOf(value: unknown, where: string): AbiParameter {
  if (typeof value !== "object" || value === null) throw new Error(`${where} is not an object`);
  const { type, components, indexed } = value as Record<string, unknown>;
  if (typeof type !== "string" || type === "") throw new Error(`${where} has no type`);
  if (components !== undefined && !Array.isArray(components))
    throw new Error(`${where}: components is not a list`);
  return {
    type,
    ...(components
      ? { components: components.map((c, at) => parameterOf(c, `${where} component ${at}`)) }
      : {}),
    ...(indexed === true ? { indexed: true } : {}),
  };
}
