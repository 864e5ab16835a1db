import type { Web3Registry } from "../app/web3-period.ts";
import type { ContractRef, InterfaceFinding, InterfaceRule } from "../domains/web3/collisions.ts";
import { formatInstant } from "../model/format.ts";
import type {
  CappedRows,
  CollisionRow,
  NewDeploymentRow,
  ReportSection,
  SmartContractsSection,
} from "./model.ts";

/** How many rows each smart contracts table lists: a first registry makes every contract new. */
export const CONTRACT_ROWS = 50;

const RULE_LABELS: Record<InterfaceRule, string> = {
  "selector-collision": "selector collision",
  "topic-collision": "topic collision",
  "indexed-mismatch": "indexed mismatch",
  "name-clash": "name clash",
  "anonymous-event": "anonymous event",
};

/** The Smart Contracts section of the iteration report: its metrics, the period's new contracts and the collisions at its end. */
export function smartContractsSection(
  metrics: ReportSection,
  registry: Web3Registry,
  timezone: string,
): SmartContractsSection {
  const added = registry.chains.flatMap((chain) => chain.contracts.filter((contract) => contract.new));
  // Notes (anonymous events) are not collisions: the metric does not count them.
  const collisions = registry.check.findings.filter((finding) => finding.level !== "note");
  return {
    ...metrics,
    contracts: registry.contracts,
    chains: registry.chains.length,
    summary: `${plural(registry.contracts, "contract")} on ${plural(registry.chains.length, "chain")} at the period end; ${plural(added.length, "new deployment")} in the period, ${plural(collisions.length, "interface collision")} at its end`,
    new_deployments: capped(
      added.map(
        (contract): NewDeploymentRow => ({
          chain_id: contract.chain_id,
          name: contract.name,
          address: contract.address,
          deployed_at: contract.deployed_at,
          deployed_text:
            contract.deployed_at === null
              ? "not recorded"
              : formatInstant(Date.parse(contract.deployed_at), timezone),
        }),
      ),
      "new deployments",
    ),
    collisions: capped(collisions.map(collisionRow), "collisions"),
  };
}

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;

function capped<Row>(all: Row[], noun: string): CappedRows<Row> {
  const omitted = Math.max(0, all.length - CONTRACT_ROWS);
  return {
    rows: all.slice(0, CONTRACT_ROWS),
    total: all.length,
    omitted,
    omitted_text:
      omitted === 0
        ? null
        : `Showing the first ${CONTRACT_ROWS} of ${all.length} ${noun}: the other ${omitted} are on the dashboard's Smart contracts page.`,
  };
}

function collisionRow(finding: InterfaceFinding): CollisionRow {
  return {
    rule: finding.rule,
    rule_label: RULE_LABELS[finding.rule],
    key: finding.key,
    members: finding.members.map((member) => ({
      signature:
        finding.rule === "indexed-mismatch"
          ? `${member.signature} indexed [${member.indexed.join(", ")}]`
          : member.signature,
      contracts: member.contracts.map(contractName),
    })),
  };
}

function contractName(ref: ContractRef): string {
  return ref.chain_id === null ? ref.contract : `${ref.contract} (chain ${ref.chain_id}, ${ref.address})`;
}
