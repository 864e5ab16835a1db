/**
 * Northwind Payments' tabletop exercises of 2026 for the demo: one report
 * per quarter in the shape of HSEEP's After-Action Report / Improvement
 * Plan, the folder read on the last evening of October. No randomness.
 *
 * The storyline: the Q1 data breach exercise goes by the book; the Q2
 * ransomware one slips into July (held late); the Q3 insider threat one
 * changes no runbook (incomplete); the Q4 supply-chain one is held early,
 * complete. Of the six actions, three are verified, one ransomware action
 * is overdue, one done and not verified, one not yet due.
 */
import { bufferSource } from "../src/importers/file-source.ts";
import type { DirectorySource } from "../src/importers/importer.ts";
import type { RegistrySnapshot } from "./demo-web3.ts";

interface DemoTabletop {
  id: string;
  quarter: string;
  scenario: string;
  date: string;
  facilitator: string;
  roles: string[];
  objectives: [string, "P" | "S" | "M" | "U"][];
  postmortem: string;
  runbooks: string[];
  /** The incident-response plan's runbooks it ran, by id or link (demo-readiness.ts). */
  exercised: string[];
  actions: string[];
}

const TABLETOPS: DemoTabletop[] = [
  {
    id: "TTX-2026-Q1",
    quarter: "Q1",
    scenario: "Card data exfiltrated through a leaked reporting token",
    date: "2026-03-18T14:00:00Z",
    facilitator: "Head of Security Operations",
    roles: ["security", "devops", "legal", "comms", "exec_sponsor"],
    objectives: [
      ["Detect the exfiltration within one hour", "S"],
      ["Decide on PCI and customer notification within 72 hours", "P"],
    ],
    postmortem: "aar/2026-Q1-data-breach.md",
    runbooks: ["runbooks/data-breach.md"],
    exercised: ["RB-data-breach", "runbooks/regulator.md"],
    actions: [
      "{ id: TTX-1-1, title: Scope reporting tokens to one dataset, type: prevent, owner: SRE lead, due_at: 2026-04-30, status: done, completed_at: 2026-04-22, verified_at: 2026-04-28, verified_by: CISO }",
      "{ id: TTX-1-2, title: Alert on bulk exports from the warehouse, type: detect, owner: Detection Engineering lead, due_at: 2026-05-31, status: done, completed_at: 2026-05-20, verified_at: 2026-05-27, verified_by: CISO }",
    ],
  },
  {
    id: "TTX-2026-Q2",
    quarter: "Q2",
    scenario: "Ransomware encrypts the settlement database and its backups",
    date: "2026-07-09T09:00:00Z",
    facilitator: "Head of Security Operations",
    roles: ["security", "devops", "legal", "comms", "exec_sponsor"],
    objectives: [
      ["Restore settlement from the offline backup within the 4-hour RTO", "U"],
      ["Decide with the board whether to pay within one day", "S"],
    ],
    postmortem: "aar/2026-Q2-ransomware.md",
    runbooks: ["runbooks/ransomware.md", "runbooks/backup-restore.md"],
    exercised: ["runbooks/ransomware.md", "runbooks/backup-restore.md"],
    actions: [
      "{ id: TTX-2-1, title: Keep an immutable copy of the settlement backups, type: prevent, owner: SRE lead, due_at: 2026-08-31, status: done, completed_at: 2026-08-14, verified_at: 2026-08-20, verified_by: CISO }",
      "{ id: TTX-2-2, title: Restore settlement from the offline backup every quarter, type: repair, owner: SRE lead, due_at: 2026-09-30, status: in_progress }",
    ],
  },
  {
    id: "TTX-2026-Q3",
    quarter: "Q3",
    scenario: "A departing engineer copies the HSM partition credentials",
    date: "2026-09-24T13:00:00Z",
    facilitator: "Identity & Access Management team",
    roles: ["security", "devops", "legal", "exec_sponsor"],
    objectives: [
      ["Revoke the leaver's access within one hour of notice", "P"],
      ["Establish what was copied from the endpoint logs", "M"],
    ],
    postmortem: "aar/2026-Q3-insider.md",
    // The insider runbook is still a draft: no runbook changed, so the exercise is incomplete.
    runbooks: [],
    exercised: [],
    actions: [
      "{ id: TTX-3-1, title: Keep 90 days of endpoint file events, type: detect, owner: Platform Security lead, due_at: 2026-10-31, status: done, completed_at: 2026-10-20 }",
    ],
  },
  {
    id: "TTX-2026-Q4",
    quarter: "Q4",
    scenario: "A compromised npm dependency ships a backdoor into the checkout build",
    date: "2026-10-22T10:00:00Z",
    facilitator: "Application Security lead",
    roles: ["security", "devops", "legal", "comms", "exec_sponsor"],
    objectives: [
      ["Find every build that pulled the dependency within four hours", "S"],
      ["Revoke and reissue the signing keys the builds could read", "P"],
    ],
    postmortem: "aar/2026-Q4-supply-chain.md",
    runbooks: ["runbooks/supply-chain.md"],
    exercised: ["RB-supply-chain"],
    actions: [
      "{ id: TTX-4-1, title: Pin and verify checksums of every build dependency, type: prevent, owner: Application Security lead, due_at: 2026-12-15, status: open }",
    ],
  },
];

function report(tabletop: DemoTabletop): string {
  const list = (items: string[]) => (items.length === 0 ? "" : items.map((item) => `\n  - ${item}`).join(""));
  return `---
id: ${tabletop.id}
scenario: ${tabletop.scenario}
quarter: ${tabletop.quarter}
date: ${tabletop.date}
facilitator: ${tabletop.facilitator}
participants:${list(tabletop.roles.map((role) => `{ name: ${role} lead, role: ${role} }`))}
objectives:${list(tabletop.objectives.map(([objective, rating]) => `{ objective: ${objective}, rating: ${rating} }`))}
postmortem: ${tabletop.postmortem}
${tabletop.runbooks.length > 0 ? `runbooks_updated:${list(tabletop.runbooks)}\n` : ""}${tabletop.exercised.length > 0 ? `runbooks:${list(tabletop.exercised)}\n` : ""}actions:${list(tabletop.actions)}
---

# ${tabletop.scenario}: After-Action Report / Improvement Plan

| Objective | Rating |
| --- | --- |
${tabletop.objectives.map(([objective, rating]) => `| ${objective} | ${rating} |`).join("\n")}
`;
}

/** The tabletops folder as read on 2026-10-31, one report per quarter. */
export function tabletopsSnapshot(): RegistrySnapshot {
  return {
    name: "tabletops-2026",
    scanned_at: "2026-10-31T23:30:00Z",
    files: TABLETOPS.map((tabletop) => ({
      path: `${tabletop.date.slice(0, 10)}-ttx-${tabletop.id.toLowerCase()}.md`,
      text: report(tabletop),
    })),
  };
}

/** The tabletops folder as the demo writes it, read from memory: what the demo's tests import. */
export function tabletopsFolderSource(snapshot: RegistrySnapshot = tabletopsSnapshot()): DirectorySource {
  return {
    name: snapshot.name,
    files: snapshot.files.map((file) => ({ path: file.path, open: bufferSource(file.path, file.text).open })),
  };
}

/** The demo config's schedule: each quarter's incident commander. */
export const TABLETOPS_CONFIG = `tabletops:
  schedule:
    Q1: { scenario: data breach / exfiltration, owner: Head of Security Operations }
    Q2: { scenario: ransomware / destructive attack, owner: Head of Security Operations }
    Q3: { scenario: insider threat, owner: Identity & Access Management team }
    Q4: { scenario: supply-chain compromise, owner: Application Security lead }
`;
