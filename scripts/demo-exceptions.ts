/**
 * Northwind Payments' exceptions register for the demo: one YAML snapshot a
 * month, 2026-01 → 2026-10, exported on the month's last day at 23:00 UTC
 * like the inventories. Each snapshot lists every exception requested by
 * then, with its status at that instant (requested until approved, then
 * approved until closed or revoked). No randomness: the figures follow from
 * the table below.
 *
 * The storyline: the register grows to seven live exceptions; the unsupported
 * OS on the statements-batch host (EXC-102) falls due in September and is
 * neither renewed nor closed, so from September on it is an expired
 * exception (a missed renewal), and two more come due in November. Three
 * accept the risk of scanner findings of scripts/demo-scans.ts: lodash on
 * the merchant portal (EXC-109, in force to December), left out of the open
 * counts as accepted risk; musl on the ledger (EXC-105, in force to
 * November 25), fixed late in October and so no missed SLA; and OpenSSL on
 * fraud-scoring (EXC-110), which lapses on September 15, so from September
 * that finding counts again and the SLA recommendation names the exception.
 */
import type { DemoFile } from "./demo-operations.ts";
import { dayStart, monthlyRegisters } from "./demo-registers.ts";

const MONTHS = 10;

/** Scan targets as the demo's Trivy reports name them (`ArtifactName`). */
const image = (name: string) => `registry.northwind.example/${name}:main`;

interface DemoException {
  id: string;
  type: "risk" | "compliance" | "policy";
  decision: "accept" | "mitigate" | "transfer" | "avoid";
  title: string;
  scope: Partial<Record<"controls" | "checks" | "assets" | "findings", string[]>>;
  owner: string;
  requested: string;
  approved?: { by: string; at: string; expires: string; compensating?: string[] };
  ended?: { status: "closed" | "revoked"; at: string };
  ticket: string;
}

const EXCEPTIONS: readonly DemoException[] = [
  {
    id: "EXC-101",
    type: "compliance",
    decision: "mitigate",
    title: "TLS 1.1 on the card-terminal gateway",
    scope: { controls: ["SC-8"], assets: ["gw-terminals"] },
    owner: "aokafor",
    requested: "2026-01-20",
    approved: {
      by: "lmoreau",
      at: "2026-02-02",
      expires: "2026-11-15",
      compensating: ["Terminal IP allow-list"],
    },
    ticket: "GRC-2026-014",
  },
  {
    id: "EXC-102",
    type: "risk",
    decision: "accept",
    title: "Unsupported OS on the statements-batch host",
    scope: { assets: ["statements-batch"] },
    owner: "spatel",
    requested: "2026-03-02",
    approved: { by: "lmoreau", at: "2026-03-10", expires: "2026-09-30" },
    ticket: "GRC-2026-031",
  },
  {
    id: "EXC-103",
    type: "policy",
    decision: "accept",
    title: "Break-glass account without MFA",
    scope: { controls: ["IA-2(1)"], assets: ["breakglass-admin"] },
    owner: "jlindqvist",
    requested: "2025-12-18",
    approved: {
      by: "lmoreau",
      at: "2026-01-05",
      expires: "2026-06-30",
      compensating: ["Sealed credentials"],
    },
    ended: { status: "closed", at: "2026-06-20" },
    ticket: "GRC-2025-121",
  },
  {
    id: "EXC-104",
    type: "compliance",
    decision: "transfer",
    title: "Log retention held by the SIEM vendor",
    scope: { controls: ["AU-11"] },
    owner: "dnakamura",
    requested: "2026-04-06",
    approved: { by: "lmoreau", at: "2026-04-15", expires: "2027-04-15" },
    ticket: "GRC-2026-048",
  },
  {
    id: "EXC-105",
    type: "risk",
    decision: "mitigate",
    title: "musl in the ledger image until the Q4 base-image upgrade",
    // Requested the day after Trivy first reported it (Aug 24), on that finding in that image.
    scope: { findings: ["CVE-2026-0301"], assets: [image("ledger")] },
    owner: "hsantos",
    requested: "2026-08-25",
    approved: { by: "lmoreau", at: "2026-08-28", expires: "2026-11-25", compensating: ["WAF virtual patch"] },
    ticket: "GRC-2026-077",
  },
  {
    id: "EXC-106",
    type: "risk",
    decision: "accept",
    title: "Public bucket for merchant statements",
    scope: { assets: ["s3://northwind-statements"] },
    owner: "cfischer",
    requested: "2026-09-12",
    ticket: "GRC-2026-090",
  },
  {
    id: "EXC-107",
    type: "compliance",
    decision: "mitigate",
    title: "Merchant portal WAF in detect-only mode",
    scope: { controls: ["SC-7"], assets: ["merchant-portal"] },
    owner: "aokafor",
    requested: "2026-04-20",
    approved: { by: "lmoreau", at: "2026-05-01", expires: "2026-08-01" },
    ended: { status: "revoked", at: "2026-07-10" },
    ticket: "GRC-2026-052",
  },
  {
    id: "EXC-108",
    type: "policy",
    decision: "accept",
    title: "Quarterly access review skipped for contractor accounts",
    scope: { controls: ["AC-2(3)"] },
    owner: "jlindqvist",
    requested: "2026-02-09",
    approved: { by: "lmoreau", at: "2026-02-15", expires: "2026-12-31" },
    ticket: "GRC-2026-022",
  },
  {
    id: "EXC-109",
    type: "risk",
    decision: "accept",
    title: "lodash 4.17.20 in the merchant portal until the framework upgrade",
    scope: { findings: ["CVE-2026-0201"], assets: [image("merchant-portal")] },
    owner: "aokafor",
    requested: "2026-06-08",
    approved: {
      by: "lmoreau",
      at: "2026-06-15",
      expires: "2026-12-15",
      compensating: ["Input validation at the API gateway"],
    },
    ticket: "GRC-2026-061",
  },
  {
    id: "EXC-110",
    type: "risk",
    decision: "accept",
    title: "OpenSSL on fraud-scoring until its pipeline is rewritten",
    scope: { findings: ["CVE-2026-0401"], assets: [image("fraud-scoring")] },
    owner: "spatel",
    requested: "2026-04-01",
    approved: { by: "lmoreau", at: "2026-04-10", expires: "2026-09-15" },
    ticket: "GRC-2026-040",
  },
];

const list = (items: readonly string[]) => `[${items.map((item) => JSON.stringify(item)).join(", ")}]`;

function entry(exception: DemoException, snapshot: number): string[] {
  const { approved, ended } = exception;
  const isApproved = approved !== undefined && dayStart(approved.at) <= snapshot;
  const status =
    ended && dayStart(ended.at) <= snapshot ? ended.status : isApproved ? "approved" : "requested";
  const lines = [
    `  - id: ${exception.id}`,
    `    type: ${exception.type}`,
    `    status: ${status}`,
    `    decision: ${exception.decision}`,
    `    title: ${JSON.stringify(exception.title)}`,
    "    scope:",
    ...Object.entries(exception.scope).map(([part, ids]) => `      ${part}: ${list(ids)}`),
    `    owner: ${exception.owner}`,
    `    requested_by: ${exception.owner}`,
  ];
  if (approved && isApproved)
    lines.push(
      `    approved_by: ${approved.by}`,
      `    approved_at: ${approved.at}`,
      `    expires_at: ${approved.expires}`,
      ...(approved.compensating ? [`    compensating_controls: ${list(approved.compensating)}`] : []),
    );
  lines.push(`    ticket: ${exception.ticket}`);
  return lines;
}

/** The register on the last day of each month at 23:00 UTC, as `exceptions-2026-MM.yaml`. */
export function exceptionRegisters(): DemoFile[] {
  return monthlyRegisters({
    prefix: "exceptions",
    title: "exceptions register",
    listKey: "exceptions",
    months: { first: 0, last: MONTHS - 1 },
    entriesAt: (snapshot) =>
      EXCEPTIONS.filter((exception) => dayStart(exception.requested) <= snapshot).flatMap((exception) =>
        entry(exception, snapshot),
      ),
  });
}
