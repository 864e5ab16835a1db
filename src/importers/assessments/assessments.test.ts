import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { ActionItem } from "../../domains/action-items/records.ts";
import type { Assessment, AssessmentFinding } from "../../domains/assessments/records.ts";
import type { Importer, RecordItem } from "../importer.ts";
import { detectImporter } from "../registry.ts";
import { assessmentsCsv, assessmentsYaml } from "./assessments.ts";

type Item = RecordItem<Assessment | AssessmentFinding | ActionItem>;

const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));

async function parse(importer: Importer<Item>, name: string, scannedAt?: number) {
  const items: Item[] = [];
  const ctx = { timezone: "UTC", file: name, ...(scannedAt === undefined ? {} : { scannedAt }) };
  for await (const item of importer.parse(createReadStream(fixture(name)), ctx)) items.push(item);
  const records = items.flatMap((item) => ("record" in item ? [item.record] : []));
  return {
    assessments: records.filter((r): r is Assessment => r.kind === "assessment"),
    findings: records.filter((r): r is AssessmentFinding => r.kind === "assessment_finding"),
    actions: records.filter((r): r is ActionItem => r.kind === "action_item"),
    problems: items.flatMap((item) => ("problem" in item ? [item] : [])),
  };
}

const at = (iso: string) => Date.parse(iso);
const head = (text: string, name: string) => ({ name, head: text });

describe("assessments register (hand-made fixtures)", () => {
  it("reads the YAML register: 3 assessments, 5 findings, 4 remediation plans as action items", async () => {
    // grep -c '^  - id:' register.yaml → 3; grep -c '^      - id:' → 5; grep -c remediation_plan → 4
    const { assessments, findings, actions, problems } = await parse(assessmentsYaml, "register.yaml");
    expect(problems).toEqual([]);
    expect(assessments.map((a) => [a.external_id, a.type, a.completed_at])).toEqual([
      ["PT-2026", "external_assessment", at("2026-09-20T00:00:00Z")],
      ["RT-2026-H1", "red_team", at("2026-07-25T00:00:00Z")],
      ["SC-2026-Q3", "smart_contract_audit", null],
    ]);
    expect(findings.map((f) => [f.external_id, f.severity, f.assessment_type])).toEqual([
      ["PT-2026/F-1", "critical", "external_assessment"],
      ["PT-2026/F-2", "high", "external_assessment"],
      ["PT-2026/F-3", "low", "external_assessment"],
      ["RT-2026-H1/RT-1", "high", "red_team"],
      ["SC-2026-Q3/V-1", "medium", "smart_contract_audit"],
    ]);
    // Reported at the assessment's completion unless the finding says; a running one's at its start.
    expect(findings[0]?.found_at).toBe(at("2026-09-20T00:00:00Z"));
    expect(findings[4]).toMatchObject({
      found_at: at("2026-08-20T00:00:00Z"),
      attributes: { swc: "SWC-123" },
    });
    expect(findings.every((f) => f.snapshot_at === at("2026-09-30T12:00:00Z"))).toBe(true);
    expect(actions.map((a) => [a.external_id, a.status, a.origin, a.origin_ref])).toEqual([
      ["PT-2026/F-1", "done", "assessment", "PT-2026"],
      ["PT-2026/F-2", "open", "assessment", "PT-2026"],
      ["RT-2026-H1/RT-1", "open", "assessment", "RT-2026-H1"],
      ["SC-2026-Q3/V-1", "done", "assessment", "SC-2026-Q3"],
    ]);
    expect(actions[0]).toMatchObject({
      feed: "assessments",
      title: "Parameterise the refund search queries",
      created_at: at("2026-09-20T00:00:00Z"),
      due_at: at("2026-09-27T00:00:00Z"),
      completed_at: at("2026-09-25T00:00:00Z"),
      verified_at: at("2026-09-28T00:00:00Z"),
      verified_by: "bob",
      attributes: { finding: "SQL injection in refund search" },
    });
  });

  it("reads the CSV register: 7 rows, 4 assessments, 6 findings, 4 remediation plans", async () => {
    // tail -n +2 register.csv | wc -l → 7; cut -d, -f1 | sort -u → 4 ids;
    // rows with a finding_id (column 8) → 6; with a remediation_plan (column 14) → 4
    const { assessments, findings, actions, problems } = await parse(assessmentsCsv, "register.csv");
    expect(problems).toEqual([]);
    expect(assessments.map((a) => [a.external_id, a.type, a.scope])).toEqual([
      ["PT-2026", "external_assessment", "Payments API"],
      ["RT-2026-H1", "red_team", "production"],
      ["SC-2026-Q3", "smart_contract_audit", "Vault contracts"],
      ["PR-2026-10", "peer_review", "Infrastructure"],
    ]);
    expect(findings.map((f) => [f.external_id, f.severity])).toEqual([
      ["PT-2026/F-1", "critical"],
      ["PT-2026/F-2", "high"],
      ["PT-2026/F-3", "low"],
      ["RT-2026-H1/RT-1", "high"],
      ["SC-2026-Q3/V-1", "medium"],
      ["SC-2026-Q3/V-2", "info"],
    ]);
    expect(findings[0]?.attributes).toEqual({ cwe: "CWE-89" });
    expect(findings[5]?.found_at).toBe(at("2026-10-05T00:00:00Z"));
    expect(actions).toHaveLength(4);
    expect(assessments[3]?.snapshot_at).toBe(at("2026-10-31T12:00:00Z"));
  });

  it("refuses the register's rule breaches row by row, with the line each rule was first met on", async () => {
    const { assessments, findings, problems } = await parse(assessmentsCsv, "register-invalid.csv");
    expect(assessments.map((a) => a.external_id)).toEqual(["A-1"]);
    expect(findings.map((f) => f.external_id)).toEqual(["A-1/X-1"]);
    expect(problems).toEqual([
      { line: 3, problem: "scope differs from line 2, the assessment's first row" },
      { line: 4, problem: "only a resolved finding can be verified" },
      {
        line: 5,
        problem:
          'type: "pentest" is not one of self_assessment, peer_review, external_assessment, red_team, compliance_audit, smart_contract_audit, cryptographic_review, governance_review, cross_chain_review',
      },
      { line: 6, problem: "finding A-1/X-1 is already on line 2" },
    ]);
  });

  it("places a register without snapshot_at at the scan time given, and refuses it without one", async () => {
    const yaml = "assessments:\n  - id: A\n    type: red_team\n    scope: x\n    started_at: 2026-01-01\n";
    const read = async (scannedAt?: number) => {
      const items: Item[] = [];
      for await (const item of assessmentsYaml.parse(Readable.from([yaml]), {
        timezone: "UTC",
        file: "a.yaml",
        ...(scannedAt === undefined ? {} : { scannedAt }),
      }))
        items.push(item);
      return items;
    };
    expect(await read(at("2026-02-01T00:00:00Z"))).toMatchObject([
      { record: { external_id: "A", snapshot_at: at("2026-02-01T00:00:00Z") } },
    ]);
    await expect(read()).rejects.toThrow(/no snapshot_at and no scan time/);
  });

  it("is detected by its header or its list, and the config's own assessments key is not taken for it", () => {
    const csv = "assessment_id,type,scope,started_at\nA,red_team,x,2026-01-01\n";
    expect(detectImporter(head(csv, "assessments.csv")).id).toBe("assessments-csv");
    const yaml = "assessments:\n  - id: A\n    type: red_team\n    started_at: 2026-01-01\n";
    expect(detectImporter(head(yaml, "register.yaml")).id).toBe("assessments-yaml");
    const config = "assessments:\n  grace: 14d\n  schedule:\n    - type: red_team\n      scope: x\n";
    expect(() => detectImporter(head(config, "secmetrics.yaml"))).toThrow();
  });
});

describe("a smart contract audit's scope as data", () => {
  const readYaml = async (yaml: string) => {
    const items: Item[] = [];
    for await (const item of assessmentsYaml.parse(Readable.from([yaml]), {
      timezone: "UTC",
      file: "a.yaml",
      scannedAt: 0,
    }))
      items.push(item);
    return items;
  };
  const audit = (contracts: string, type = "smart_contract_audit") =>
    `assessments:\n  - id: A\n    type: ${type}\n    scope: x\n    started_at: 2026-01-01\n    contracts: ${contracts}\n`;

  it("reads ENS's two Code4rena audits: their files at the audited commit, with each file's Keccak-256", async () => {
    // grep -c 'file:' ens-audits.yaml → 16: 9 in July's scope, 7 in November's.
    const { assessments, problems } = await parse(assessmentsYaml, "ens-audits.yaml");
    expect(problems).toEqual([]);
    expect(assessments.map((a) => [a.external_id, a.completed_at, a.contracts?.length])).toEqual([
      ["C4-2022-07-ENS", at("2022-07-19T20:00:00Z"), 9],
      ["C4-2022-11-ENS", at("2022-11-28T20:00:00Z"), 7],
    ]);
    expect(assessments[1]?.contracts?.[2]).toEqual({
      contract: null,
      file: "contracts/wrapper/NameWrapper.sol",
      source_hash: "0x60e0562b421424937ea53df9fd1d2482a7138c63b082910e56dfefd908e3470f",
      address: null,
      chain_id: null,
      code_hash: null,
      commit: "331fdaedc30dc5b228bd9af4adac19b25adcf86c",
    });
    // The scope is data, not an attribute; registers without it read as before.
    expect(assessments[0]?.attributes).toEqual({});
    const { assessments: older } = await parse(assessmentsYaml, "register.yaml");
    expect(older.every((a) => a.contracts === null)).toBe(true);
  });

  it("reads a text entry by its shape, in a YAML list or a CSV cell", async () => {
    const address = "0xD4416b13d2b3a9aBae7AcD5D6C2BbDBE25686401";
    const hash = `0x${"ab".repeat(32)}`;
    const [item] = await readYaml(
      audit(`[NameWrapper, contracts/Vault.sol, Vault.vy, "${address}", "${hash}"]`),
    );
    expect(item).toMatchObject({
      record: {
        contracts: [
          { contract: "NameWrapper", file: null },
          { contract: null, file: "contracts/Vault.sol" },
          { file: "Vault.vy" },
          { address: address.toLowerCase() },
          { code_hash: hash, address: null },
        ],
      },
    });
    const csv = `assessment_id,type,scope,started_at,contracts\nA,smart_contract_audit,x,2026-01-01,NameWrapper; ${address}\n`;
    const items: Item[] = [];
    for await (const row of assessmentsCsv.parse(Readable.from([csv]), {
      timezone: "UTC",
      file: "a.csv",
      scannedAt: 0,
    }))
      items.push(row);
    expect(items).toMatchObject([
      { record: { contracts: [{ contract: "NameWrapper" }, { address: address.toLowerCase() }] } },
    ]);
  });

  it.each([
    [
      "an unquoted 0x… read by YAML as a number",
      "[0xd4416b13d2b3a9abae7acd5d6c2bbdbe25686401]",
      "contracts[0]: is a number: put a 0x… address or hash in quotes",
    ],
    [
      "a text of no known shape",
      '["not a name"]',
      'contracts[0]: "not a name" is not a contract name, a source file, an address or a bytecode hash',
    ],
    [
      "a hash without the file it hashes",
      `[{ contract: X, source_hash: "0x${"ab".repeat(32)}" }]`,
      "contracts[0]: source_hash needs the file it hashes",
    ],
    [
      "a short hash",
      '[{ file: a.sol, source_hash: "0xab" }]',
      'contracts[0]: source_hash "0xab" is not a 0x-prefixed Keccak-256',
    ],
    [
      "a chain without an address",
      "[{ contract: X, chain_id: 1 }]",
      "contracts[0]: chain_id needs the address it places",
    ],
    [
      "a field the entry does not know",
      "[{ contract: X, sha1: abc }]",
      "contracts[0]: sha1: not one of contract, file, source_hash, address, chain_id, code_hash, commit",
    ],
    [
      "an entry naming nothing",
      "[{ commit: abc }]",
      "contracts[0]: names no contract, file, address or code_hash",
    ],
    [
      "a scope on another type",
      "[X]",
      "contracts: only a smart_contract_audit names the contracts it covers",
      "red_team",
    ],
  ])("refuses %s, naming the entry", async (_case, contracts, problem, type = "smart_contract_audit") => {
    expect(await readYaml(audit(contracts, type))).toEqual([{ line: 2, problem }]);
  });
});
