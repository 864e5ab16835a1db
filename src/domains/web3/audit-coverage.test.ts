import { describe, expect, it } from "vitest";
import { buildAssessment, buildContractDeployment } from "../../test-support/records.ts";
import { type AuditScopeEntry, auditScopeEntry } from "../assessments/records.ts";
import { auditCoverage, auditVerdicts } from "./audit-coverage.ts";
import type { ContractDeployment } from "./records.ts";

const at = (iso: string) => Date.parse(iso);
const END = at("2026-10-01T00:00:00Z");
const AUDITED = at("2026-06-30T00:00:00Z");
const VAULT = "0x1111111111111111111111111111111111111111";
const PROXY = "0x2222222222222222222222222222222222222222";
const hash = (byte: string) => `0x${byte.repeat(32)}`;

const scope = auditScopeEntry;
const audit = (id: string, contracts: AuditScopeEntry[], completed: number | null = AUDITED) =>
  buildAssessment({
    external_id: id,
    snapshot_at: END,
    type: "smart_contract_audit",
    completed_at: completed,
    contracts,
  });
const vault = (fields: Partial<ContractDeployment> = {}) =>
  buildContractDeployment({
    address: VAULT,
    snapshot_at: END,
    name: "Vault",
    contract_file: "contracts/Vault.sol",
    ...fields,
  });

function judge(
  registry: ContractDeployment[],
  assessments: ReturnType<typeof audit>[],
  deployed: Record<string, string> = {},
) {
  return auditVerdicts({
    registry,
    deployedAt: new Map(Object.entries(deployed).map(([key, iso]) => [key, at(iso)])),
    assessments,
    end: END,
    excludedChains: [31337],
  }).map((v) => [v.contract.address, v.status, v.audit?.external_id ?? null, v.verified, v.reason]);
}

describe("a deployed contract against the audits completed by the period end", () => {
  it.each([
    [
      "its source file with the audited hash",
      vault({ source_hash: hash("aa") }),
      scope({ file: "contracts/Vault.sol", source_hash: hash("aa") }),
      ["covered", "A", true, null],
    ],
    ["its name, no hash to compare", vault(), scope({ contract: "Vault" }), ["covered", "A", false, null]],
    [
      "a hardhat-deploy implementation half's name",
      vault({ name: "Vault_Implementation" }),
      scope({ contract: "Vault" }),
      ["covered", "A", false, null],
    ],
    [
      "its address on its chain",
      vault(),
      scope({ address: VAULT, chain_id: 1 }),
      ["covered", "A", false, null],
    ],
    [
      "its address on another chain",
      vault(),
      scope({ address: VAULT, chain_id: 10 }),
      ["not_named", null, false, "no completed audit names it"],
    ],
    [
      "its bytecode hash alone",
      vault({ code_hash: hash("bb") }),
      scope({ code_hash: hash("bb") }),
      ["covered", "A", true, null],
    ],
    [
      "its file, whose source changed since",
      vault({ source_hash: hash("a1") }),
      scope({ file: "contracts/Vault.sol", source_hash: hash("aa") }),
      [
        "code_differs",
        "A",
        false,
        `source contracts/Vault.sol is ${hash("a1")}, not the ${hash("aa")} A audited on 2026-06-30`,
      ],
    ],
    [
      "its name, with bytecode other than the audited",
      vault({ code_hash: hash("b1") }),
      scope({ contract: "Vault", code_hash: hash("bb") }),
      [
        "code_differs",
        "A",
        false,
        `bytecode is ${hash("b1")}, not the ${hash("bb")} A audited on 2026-06-30`,
      ],
    ],
    [
      "another file",
      vault(),
      scope({ file: "contracts/Pool.sol" }),
      ["not_named", null, false, "no completed audit names it"],
    ],
  ])("named by %s", (_case, contract, entry, expected) => {
    expect(judge([contract], [audit("A", [entry])])).toEqual([[VAULT, ...expected]]);
  });

  it("judges a proxy by its implementation: upgraded after the audit, named without a hash, it is not covered", () => {
    const proxy = buildContractDeployment({
      address: PROXY,
      snapshot_at: END,
      name: "Vault",
      role: "proxy",
      implementation: VAULT,
    });
    const implementation = vault({ role: "implementation", source_hash: hash("a1") });
    const deployed = { [`1:${PROXY}`]: "2026-01-10T00:00:00Z", [`1:${VAULT}`]: "2026-08-01T00:00:00Z" };
    const upgraded = `implementation ${VAULT} upgraded on 2026-08-01, after the audit A on 2026-06-30`;
    expect(judge([proxy, implementation], [audit("A", [scope({ contract: "Vault" })])], deployed)).toEqual([
      [PROXY, "upgraded_after_audit", "A", false, upgraded],
      [VAULT, "upgraded_after_audit", "A", false, upgraded],
    ]);
    // The upgrade installed the audited source: its hash says so, whenever it was deployed.
    const audited = scope({ file: "contracts/Vault.sol", source_hash: hash("a1") });
    expect(judge([proxy, implementation], [audit("A", [audited])], deployed).map((v) => v[1])).toEqual([
      "covered",
      "covered",
    ]);
    // Deployed with its proxy before the audit: never upgraded.
    const together = { ...deployed, [`1:${VAULT}`]: "2026-01-10T00:00:00Z" };
    expect(
      judge([proxy, implementation], [audit("A", [scope({ contract: "Vault" })])], together).map((v) => v[1]),
    ).toEqual(["covered", "covered"]);
  });

  it("takes the latest audit that covers it, and names an audit not completed by the period end", () => {
    const contract = vault({ source_hash: hash("aa") });
    const earlier = audit(
      "EARLY",
      [scope({ file: "contracts/Vault.sol", source_hash: hash("aa") })],
      at("2026-01-15T00:00:00Z"),
    );
    const later = audit("LATE", [scope({ file: "contracts/Vault.sol", source_hash: hash("ff") })]);
    // The later audit saw other code; the deployed code is still what the earlier one audited.
    expect(judge([contract], [later, earlier])).toEqual([[VAULT, "covered", "EARLY", true, null]]);
    const running = audit("RUNNING", [scope({ contract: "Vault" })], null);
    const afterEnd = audit("NEXT", [scope({ contract: "Vault" })], at("2026-10-05T00:00:00Z"));
    expect(judge([contract], [running, afterEnd])).toEqual([
      [
        VAULT,
        "not_named",
        null,
        false,
        "no completed audit names it; RUNNING, NEXT names it, not completed by the period end",
      ],
    ]);
  });

  it("leaves excluded chains out, reads only smart contract audits, and gives the share covered", () => {
    const local = vault({ chain_id: 31337, external_id: `31337:${VAULT}` });
    const pool = buildContractDeployment({ address: PROXY, snapshot_at: END, name: "Pool" });
    const pentest = { ...audit("PT", [scope({ contract: "Pool" })]), type: "external_assessment" as const };
    const verdicts = auditVerdicts({
      registry: [vault(), local, pool],
      deployedAt: new Map(),
      assessments: [audit("A", [scope({ contract: "Vault" })]), pentest],
      end: END,
      excludedChains: [31337],
    });
    // 2 contracts (the 31337 one left out), Vault covered by A, Pool named only by a pen test → 1/2 = 50%.
    expect(auditCoverage(verdicts, 1)).toMatchObject({
      value: 50,
      n: 2,
      details: {
        contracts: 2,
        covered: 1,
        verified: 0,
        code_differs: 0,
        upgraded_after_audit: 0,
        not_named: 1,
        audits_completed: 1,
      },
    });
    expect(auditCoverage([], 0)).toMatchObject({
      value: null,
      reason: "no contract in the deployments registry",
    });
  });
});
