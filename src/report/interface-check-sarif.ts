import {
  INTERFACE_RULES,
  type InterfaceCheck,
  type InterfaceFinding,
  type InterfaceRule,
  RULE_LEVELS,
} from "../domains/web3/collisions.ts";

/** What each rule of `web3 check` finds, as code scanning shows it. */
export const RULE_DESCRIPTIONS: Record<InterfaceRule, string> = {
  "selector-collision":
    "A function or custom error selector (the first 4 bytes of keccak256 of the signature) shared by different signatures: a call or a revert decodes as the wrong one.",
  "topic-collision": "An event topic0 shared by different signatures: a log decodes as the wrong event.",
  "indexed-mismatch":
    "An event signature declared with different indexed parameters (ERC-20 and ERC-721 Transfer): one topic0, two log layouts.",
  "name-clash":
    "An event or error name that different contracts declare with no signature in common: the same word for different things.",
  "anonymous-event":
    "An anonymous event: its logs carry no topic0, so a monitor filtering by topic never sees them.",
};

/**
 * The check as SARIF 2.1.0 for GitHub code scanning: one result per
 * finding, located at the first file that declares it, the others related;
 * the finding's key as a fingerprint, so a collision keeps its alert across
 * runs.
 */
export function interfaceCheckSarif(check: InterfaceCheck): unknown {
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "secmetrics web3 check",
            rules: INTERFACE_RULES.map((id) => ({
              id,
              name: id.replace(/(^|-)(\w)/g, (_, _dash: string, c: string) => c.toUpperCase()),
              shortDescription: { text: RULE_DESCRIPTIONS[id] },
              defaultConfiguration: { level: RULE_LEVELS[id] },
            })),
          },
        },
        results: check.findings.map(result),
      },
    ],
  };
}

function result(finding: InterfaceFinding) {
  const declared = finding.members.flatMap((member) =>
    member.contracts.map((ref) => ({
      uri: ref.location,
      text: `${ref.contract}${ref.chain_id === null ? "" : ` (chain ${ref.chain_id}${ref.address ? ` ${ref.address}` : ""})`}: ${member.kind} ${member.signature}${member.kind === "event" ? ` indexed [${member.indexed.join(",")}]` : ""}`,
    })),
  );
  const location = (uri: string) => ({
    physicalLocation: { artifactLocation: { uri }, region: { startLine: 1 } },
  });
  const [first, ...others] = declared;
  return {
    ruleId: finding.rule,
    ruleIndex: INTERFACE_RULES.indexOf(finding.rule),
    level: finding.level,
    message: { text: finding.message },
    locations: first ? [location(first.uri)] : [],
    relatedLocations: others.map((other, index) => ({
      id: index + 1,
      ...location(other.uri),
      message: { text: other.text },
    })),
    partialFingerprints: { "interfaceFinding/v1": `${finding.rule}:${finding.key}` },
  };
}
