import { type AbiItem, type AbiItemKind, abiItems } from "./abi.ts";
import { selectorOf, topicOf } from "./selectors.ts";

/** One ABI to check, and where it comes from: a registry entry or a file. */
export interface InterfaceSource {
  /** The contract's name, or the file's when the ABI names none. */
  contract: string;
  /** The file the ABI was read from (a deployment file, an artifact): where a finding points. */
  location: string;
  chain_id: number | null;
  address: string | null;
  abi: readonly unknown[];
}

export const INTERFACE_RULES = [
  "selector-collision",
  "topic-collision",
  "indexed-mismatch",
  "name-clash",
  "anonymous-event",
] as const;
export type InterfaceRule = (typeof INTERFACE_RULES)[number];
export type FindingLevel = "error" | "warning" | "note";

/**
 * How bad each rule is. A shared selector or topic0 makes a call or a log
 * decode as the wrong thing; an indexed mismatch or a reused name makes a
 * decoder or an alert keyed by name misread one contract's logs; an
 * anonymous event has no topic0, so a monitor filtering by topic never sees it.
 */
export const RULE_LEVELS: Record<InterfaceRule, FindingLevel> = {
  "selector-collision": "error",
  "topic-collision": "error",
  "indexed-mismatch": "warning",
  "name-clash": "warning",
  "anonymous-event": "note",
};

export interface ContractRef {
  contract: string;
  location: string;
  chain_id: number | null;
  address: string | null;
}

/** One of the signatures (or indexed layouts) a finding sets against the others, and who declares it. */
export interface FindingMember {
  kind: AbiItemKind;
  signature: string;
  indexed: boolean[];
  contracts: ContractRef[];
}

export interface InterfaceFinding {
  rule: InterfaceRule;
  level: FindingLevel;
  /** The shared selector or topic0, the event signature, or the name. */
  key: string;
  message: string;
  members: FindingMember[];
}

export interface InterfaceCheck {
  findings: InterfaceFinding[];
  /** ABIs that could not be read, with the reason: left out of the check. */
  unreadable: { location: string; contract: string; reason: string }[];
  contracts: number;
}

export interface CheckOptions {
  /** Event and error names that may mean different things in different contracts. */
  allowedNames?: readonly string[];
}

interface Declared {
  item: AbiItem;
  ref: ContractRef;
}

/**
 * Every ABI against every other: selectors and topics shared by different
 * signatures, events declared with different indexed flags, event and error
 * names that mean different things in different contracts, anonymous events.
 * Pure: the same ABIs give the same findings in the same order.
 */
export function checkInterfaces(
  sources: readonly InterfaceSource[],
  options: CheckOptions = {},
): InterfaceCheck {
  const declared: Declared[] = [];
  const unreadable: InterfaceCheck["unreadable"] = [];
  for (const source of sources) {
    const ref = {
      contract: source.contract,
      location: source.location,
      chain_id: source.chain_id,
      address: source.address,
    };
    try {
      for (const item of abiItems(source.abi)) declared.push({ item, ref });
    } catch (error) {
      unreadable.push({
        location: source.location,
        contract: source.contract,
        reason: (error as Error).message,
      });
    }
  }
  const callable = declared.filter(({ item }) => item.kind !== "event");
  const events = declared.filter(({ item }) => item.kind === "event");
  const named = events.filter(({ item }) => !item.anonymous);
  const findings = [
    ...sharedHashes("selector-collision", callable, (item) => selectorOf(item.signature)),
    ...sharedHashes("topic-collision", named, (item) => topicOf(item.signature)),
    ...indexedMismatches(events),
    ...nameClashes(
      declared.filter(({ item }) => item.kind !== "function"),
      new Set(options.allowedNames ?? []),
    ),
    ...anonymousEvents(events),
  ];
  return { findings, unreadable, contracts: sources.length };
}

/** Declarations grouped by `key`, in key order. */
function groupBy<T>(values: readonly T[], key: (value: T) => string): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const value of values) {
    const k = key(value);
    const group = groups.get(k);
    if (group) group.push(value);
    else groups.set(k, [value]);
  }
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Declarations as members, one per distinct `variant` (a signature, an indexed layout), each contract once. */
function membersOf(group: readonly Declared[], variant: (item: AbiItem) => string): FindingMember[] {
  return groupBy(group, ({ item }) => variant(item)).map(([, same]) => {
    const first = (same[0] as Declared).item;
    const contracts = groupBy(
      same,
      ({ ref }) => `${ref.location}\0${ref.contract}\0${ref.chain_id}\0${ref.address}`,
    );
    return {
      kind: first.kind,
      signature: first.signature,
      indexed: first.indexed,
      contracts: contracts.map(([, refs]) => (refs[0] as Declared).ref),
    };
  });
}

function finding(
  rule: InterfaceRule,
  key: string,
  message: string,
  members: FindingMember[],
): InterfaceFinding {
  return { rule, level: RULE_LEVELS[rule], key, message, members };
}

function sharedHashes(
  rule: "selector-collision" | "topic-collision",
  declared: readonly Declared[],
  hash: (item: AbiItem) => string,
): InterfaceFinding[] {
  return groupBy(declared, ({ item }) => hash(item)).flatMap(([key, group]) => {
    const members = membersOf(group, (item) => item.signature);
    if (members.length < 2) return [];
    const what = rule === "selector-collision" ? "selector" : "topic0";
    const signatures = members.map((m) => m.signature).join(", ");
    return [finding(rule, key, `${what} ${key} is shared by ${signatures}`, members)];
  });
}

function indexedMismatches(events: readonly Declared[]): InterfaceFinding[] {
  return groupBy(events, ({ item }) => item.signature).flatMap(([signature, group]) => {
    const members = membersOf(group, (item) => item.indexed.join(","));
    if (members.length < 2) return [];
    const layouts = members.map((m) => `[${m.indexed.join(",")}]`).join(" vs ");
    return [
      finding(
        "indexed-mismatch",
        signature,
        `event ${signature} (topic0 ${topicOf(signature)}) is declared with different indexed parameters: ${layouts}`,
        members,
      ),
    ];
  });
}

/**
 * An event or error name two contracts declare with no signature in common:
 * the same word for different things. Overloads are fine: contracts that
 * share one signature of the name may each add others.
 */
function nameClashes(declared: readonly Declared[], allowed: ReadonlySet<string>): InterfaceFinding[] {
  const candidates = declared.filter(({ item }) => !allowed.has(item.name));
  return groupBy(candidates, ({ item }) => `${item.kind} ${item.name}`).flatMap(([key, group]) => {
    const byContract = groupBy(group, ({ ref }) => `${ref.location}\0${ref.contract}`).map(
      ([, same]) => new Set(same.map(({ item }) => item.signature)),
    );
    const disjoint = byContract.some((a, i) =>
      byContract.slice(i + 1).some((b) => ![...a].some((signature) => b.has(signature))),
    );
    if (!disjoint) return [];
    const members = membersOf(group, (item) => item.signature);
    const signatures = members.map((m) => m.signature).join(", ");
    return [
      finding(
        "name-clash",
        key,
        `${key} means different things in different contracts: ${signatures}`,
        members,
      ),
    ];
  });
}

function anonymousEvents(events: readonly Declared[]): InterfaceFinding[] {
  const anonymous = events.filter(({ item }) => item.anonymous);
  return groupBy(anonymous, ({ item }) => item.signature).map(([signature, group]) =>
    finding(
      "anonymous-event",
      signature,
      `event ${signature} is anonymous: its logs have no topic0, so a monitor filtering by topic never sees them`,
      membersOf(group, (item) => item.signature),
    ),
  );
}

/** The findings that make an interface check fail: errors and warnings, not notes. */
export function collisionCount(check: InterfaceCheck): number {
  return check.findings.filter((f) => f.level !== "note").length;
}
