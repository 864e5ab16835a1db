/**
 * Northwind Payments' assessments register for the demo: one YAML snapshot
 * a month, 2026-03 → 2026-10 (the first assessment starts in March),
 * exported on the month's last day at 23:00 UTC like the other registers,
 * each listing the assessments started by then
 * with the findings reported by then, as they stood. No randomness: the
 * figures follow from the tables below and the schedule in the config.
 *
 * The storyline: the pen test, the red team exercise and the quarterly
 * self-assessments are held on time; the vault audit's next round is still
 * within its grace at the end of October; the DAO treasury's governance
 * review, first due in August, was never held: overdue, so October's
 * assessments_on_schedule misses its target (3 of 4 judged on time, 75 %).
 * At October's end 3 findings are open (one red team finding past its due
 * date) and 4 of the 6 resolved were verified (66.7 %): the red team's
 * critical CI runner fix and a low audit finding nobody re-checked.
 *
 * The vault audit lists its scope: the vault's source at the audited
 * commit (the one deployed in August), the token by name, and the
 * settlement contract as it stood in April, changed before its deployment:
 * against the deployments registry of scripts/demo-web3.ts, October's
 * smart_contract_audit_coverage is 4 of 9 contracts (44.4 %).
 */
import type { DemoFile } from "./demo-operations.ts";
import { dayStart, monthlyRegisters } from "./demo-registers.ts";
import { sourceHash } from "./demo-web3-sources.ts";

const FIRST_MONTH = 2;
const LAST_MONTH = 9;

/** The schedule of the demo config: type and scope match the register's assessments. */
export const ASSESSMENT_SCHEDULE_YAML = `
# Assessments the programme commits to (assessments_on_schedule).
assessments:
  grace: 14d
  schedule:
    - { type: external_assessment, scope: Payments platform, cadence: P1Y, last_held: 2025-10-20 }
    - { type: red_team, scope: Production, cadence: P6M, last_held: 2025-12-05 }
    - { type: smart_contract_audit, scope: Vault contracts, cadence: P6M, first_due: 2026-04-30 }
    - { type: governance_review, scope: DAO treasury, cadence: P6M, first_due: 2026-08-31 }
    - { type: self_assessment, scope: ISO 27001 Annex A, cadence: P3M, first_due: 2026-03-31 }
    - { type: compliance_audit, scope: SOC 2 Type II, cadence: P1Y, last_held: 2025-11-15 }
`;

interface DemoFinding {
  id: string;
  title: string;
  severity: "critical" | "high" | "medium" | "low";
  owner: string;
  due?: string;
  plan?: string;
  resolved?: string;
  verified?: { at: string; by: string };
}

interface DemoAssessment {
  id: string;
  type: string;
  scope: string;
  assessor: string;
  started: string;
  completed: string;
  findings: readonly DemoFinding[];
  /** A smart contract audit's scope entries, as YAML flow mappings or texts. */
  contracts?: readonly string[];
}

/**
 * Settlement.sol as the auditors read it in April: the batch size limit
 * added in July changed the file, so the source deployed since is not this.
 */
const SETTLEMENT_AS_AUDITED = "0x5e771e3e47c1a2f0b9d8c7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6";

const ASSESSMENTS: readonly DemoAssessment[] = [
  {
    id: "SA-2026-Q1",
    type: "self_assessment",
    scope: "ISO 27001 Annex A",
    assessor: "GRC team",
    started: "2026-03-16",
    completed: "2026-03-27",
    findings: [],
  },
  {
    id: "SC-2026-04",
    type: "smart_contract_audit",
    scope: "Vault contracts",
    assessor: "Chain Audits Ltd",
    started: "2026-04-06",
    completed: "2026-04-24",
    // The vault with its source's hash at the audited commit, the token by name, the settlement contract as it was then.
    contracts: [
      `{ file: contracts/Vault.sol, source_hash: "${sourceHash("Vault_Implementation")}", commit: 3f9c2e1 }`,
      "NorthwindUSD",
      `{ file: contracts/Settlement.sol, source_hash: "${SETTLEMENT_AS_AUDITED}", commit: 3f9c2e1 }`,
    ],
    findings: [
      {
        id: "V-1",
        title: "Share conversion rounds in the depositor's favour",
        severity: "high",
        owner: "protocol-team",
        due: "2026-05-24",
        plan: "Round down on deposit and up on withdrawal",
        resolved: "2026-05-10",
        verified: { at: "2026-05-15", by: "Chain Audits Ltd" },
      },
      {
        id: "V-2",
        title: "Events lack indexed fields",
        severity: "low",
        owner: "protocol-team",
        resolved: "2026-06-01",
      },
    ],
  },
  {
    id: "RT-2026-H1",
    type: "red_team",
    scope: "Production",
    assessor: "Northwind red team",
    started: "2026-05-25",
    completed: "2026-06-12",
    findings: [
      {
        id: "RT-1",
        title: "Helpdesk resets MFA without a callback",
        severity: "high",
        owner: "it-support",
        due: "2026-07-12",
        plan: "Verify every MFA reset by a callback",
        resolved: "2026-07-08",
        verified: { at: "2026-07-20", by: "mokafor" },
      },
      {
        id: "RT-2",
        title: "Lateral movement from a CI runner to production",
        severity: "critical",
        owner: "platform",
        due: "2026-06-19",
        plan: "Isolate CI runners from the production network",
        resolved: "2026-06-30",
      },
      {
        id: "RT-3",
        title: "EDR alerts on LSASS access not triaged",
        severity: "medium",
        owner: "secops",
        due: "2026-09-10",
        plan: "Page the on-call for LSASS access alerts",
      },
    ],
  },
  {
    id: "SA-2026-Q2",
    type: "self_assessment",
    scope: "ISO 27001 Annex A",
    assessor: "GRC team",
    started: "2026-06-15",
    completed: "2026-06-26",
    findings: [
      {
        id: "SA-1",
        title: "No owner for 12 SaaS applications",
        severity: "medium",
        owner: "jlindqvist",
        due: "2026-08-31",
        plan: "Assign an owner to every SaaS application in the CMDB",
        resolved: "2026-08-20",
        verified: { at: "2026-09-02", by: "jlindqvist" },
      },
    ],
  },
  {
    id: "PT-2026",
    type: "external_assessment",
    scope: "Payments platform",
    assessor: "Acme Security",
    started: "2026-09-21",
    completed: "2026-10-09",
    findings: [
      {
        id: "PT-1",
        title: "Statement download does not check ownership",
        severity: "high",
        owner: "payments-team",
        due: "2026-11-08",
        plan: "Check statement ownership server-side",
      },
      {
        id: "PT-2",
        title: "Sessions survive a password change",
        severity: "medium",
        owner: "identity-team",
        due: "2027-01-07",
        plan: "Revoke sessions on password change",
      },
      {
        id: "PT-3",
        title: "HSTS preload missing",
        severity: "low",
        owner: "platform",
        resolved: "2026-10-20",
        verified: { at: "2026-10-27", by: "rkhan" },
      },
    ],
  },
  {
    id: "SA-2026-Q3",
    type: "self_assessment",
    scope: "ISO 27001 Annex A",
    assessor: "GRC team",
    started: "2026-09-28",
    completed: "2026-10-06",
    findings: [],
  },
];

/** A date known by `snapshot`: what the register could say then. */
const by = (date: string | undefined, snapshot: number) =>
  date !== undefined && dayStart(date) <= snapshot ? date : undefined;

function findingLines(finding: DemoFinding, snapshot: number): string[] {
  const resolved = by(finding.resolved, snapshot);
  const verified = finding.verified && by(finding.verified.at, snapshot) ? finding.verified : undefined;
  return [
    `      - id: ${finding.id}`,
    `        title: ${JSON.stringify(finding.title)}`,
    `        severity: ${finding.severity}`,
    `        owner: ${finding.owner}`,
    ...(finding.due ? [`        due_at: ${finding.due}`] : []),
    ...(finding.plan ? [`        remediation_plan: ${JSON.stringify(finding.plan)}`] : []),
    ...(resolved ? [`        resolved_at: ${resolved}`] : []),
    ...(verified ? [`        verified_at: ${verified.at}`, `        verified_by: ${verified.by}`] : []),
  ];
}

function entry(assessment: DemoAssessment, snapshot: number): string[] {
  const completed = by(assessment.completed, snapshot);
  // Findings are reported with the report: none is listed while the assessment runs.
  const findings = completed ? assessment.findings.flatMap((finding) => findingLines(finding, snapshot)) : [];
  return [
    `  - id: ${assessment.id}`,
    `    type: ${assessment.type}`,
    `    scope: ${assessment.scope}`,
    `    assessor: ${assessment.assessor}`,
    `    started_at: ${assessment.started}`,
    ...(completed ? [`    completed_at: ${completed}`] : []),
    ...(assessment.contracts ? ["    contracts:", ...assessment.contracts.map((c) => `      - ${c}`)] : []),
    ...(findings.length > 0 ? ["    findings:", ...findings] : []),
  ];
}

/** The register on the last day of each month at 23:00 UTC, as `assessments-2026-MM.yaml`. */
export function assessmentRegisters(): DemoFile[] {
  return monthlyRegisters({
    prefix: "assessments",
    title: "assessments",
    listKey: "assessments",
    months: { first: FIRST_MONTH, last: LAST_MONTH },
    entriesAt: (snapshot) =>
      ASSESSMENTS.filter((assessment) => dayStart(assessment.started) <= snapshot).flatMap((assessment) =>
        entry(assessment, snapshot),
      ),
  });
}
