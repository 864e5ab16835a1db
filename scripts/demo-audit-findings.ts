/**
 * Northwind Payments' audit findings register for the demo: one YAML snapshot
 * a month, 2026-02 → 2026-10 (the first finding is raised in February), exported
 * on the month's last day at 23:00 UTC like the other registers. Each snapshot
 * lists every finding raised by then, open until the day it was closed. No
 * randomness: the figures follow from the table below.
 *
 * The storyline: the SOC 2 audit's two findings are closed in June and
 * September, a pentest's critical XSS is fixed before its due date, while
 * the build-host baseline drift and the regulator's log-retention finding
 * pass their due dates and are still open in October.
 */
import type { DemoFile } from "./demo-operations.ts";
import { dayStart, monthlyRegisters } from "./demo-registers.ts";

const FIRST_MONTH = 1;
const LAST_MONTH = 9;

interface DemoFinding {
  id: string;
  source: "external" | "internal" | "pentest" | "regulator";
  control: string;
  title: string;
  severity: "critical" | "high" | "medium" | "low";
  opened: string;
  due: string;
  closed?: string;
  owner: string;
}

const FINDINGS: readonly DemoFinding[] = [
  {
    id: "AF-2026-01",
    source: "external",
    control: "CC6.1",
    title: "Terminated users keep single sign-on access",
    severity: "high",
    opened: "2026-02-10",
    due: "2026-05-10",
    closed: "2026-06-20",
    owner: "jlindqvist",
  },
  {
    id: "AF-2026-02",
    source: "external",
    control: "CC7.2",
    title: "No alert on audit log tampering",
    severity: "medium",
    opened: "2026-02-10",
    due: "2026-06-30",
    closed: "2026-09-05",
    owner: "aokafor",
  },
  {
    id: "AF-2026-03",
    source: "pentest",
    control: "SI-10",
    title: "Stored XSS in the merchant portal",
    severity: "critical",
    opened: "2026-04-15",
    due: "2026-05-15",
    closed: "2026-05-12",
    owner: "spatel",
  },
  {
    id: "AF-2026-04",
    source: "internal",
    control: "CM-6",
    title: "Baseline drift on build hosts",
    severity: "medium",
    opened: "2026-05-20",
    due: "2026-08-31",
    owner: "aokafor",
  },
  {
    id: "AF-2026-05",
    source: "regulator",
    control: "PCI DSS 10.5.1",
    title: "Audit logs kept for less than twelve months",
    severity: "high",
    opened: "2026-07-08",
    due: "2026-10-08",
    owner: "lmoreau",
  },
  {
    id: "AF-2026-06",
    source: "pentest",
    control: "AC-3",
    title: "Insecure direct object reference on the statements API",
    severity: "high",
    opened: "2026-08-25",
    due: "2026-09-25",
    closed: "2026-10-14",
    owner: "spatel",
  },
  {
    id: "AF-2026-07",
    source: "internal",
    control: "AC-2",
    title: "Quarterly access review evidence missing",
    severity: "low",
    opened: "2026-09-18",
    due: "2026-12-18",
    owner: "jlindqvist",
  },
  {
    id: "AF-2026-08",
    source: "external",
    control: "CC9.2",
    title: "Vendor risk assessments out of date",
    severity: "medium",
    opened: "2026-10-02",
    due: "2027-01-31",
    owner: "lmoreau",
  },
];

function entry(finding: DemoFinding, snapshot: number): string[] {
  const closed = finding.closed !== undefined && dayStart(finding.closed) <= snapshot;
  return [
    `  - id: ${finding.id}`,
    `    source: ${finding.source}`,
    `    control: ${JSON.stringify(finding.control)}`,
    `    title: ${JSON.stringify(finding.title)}`,
    `    severity: ${finding.severity}`,
    `    opened_at: ${finding.opened}`,
    `    due_at: ${finding.due}`,
    `    status: ${closed ? "closed" : "open"}`,
    ...(closed ? [`    closed_at: ${finding.closed}`] : []),
    `    owner: ${finding.owner}`,
  ];
}

/** The register on the last day of each month at 23:00 UTC, as `audit-findings-2026-MM.yaml`. */
export function auditFindingRegisters(): DemoFile[] {
  return monthlyRegisters({
    prefix: "audit-findings",
    title: "audit findings",
    listKey: "audit_findings",
    months: { first: FIRST_MONTH, last: LAST_MONTH },
    entriesAt: (snapshot) =>
      FINDINGS.filter((finding) => dayStart(finding.opened) <= snapshot).flatMap((finding) =>
        entry(finding, snapshot),
      ),
  });
}
