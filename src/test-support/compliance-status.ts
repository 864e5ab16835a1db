import type { AuditFinding } from "../domains/audit-findings/records.ts";
import type { CheckResult, CheckResultValue } from "../domains/compliance-checks/records.ts";
import type { RequirementState } from "../domains/compliance-checks/requirements.ts";
import type { RiskException } from "../domains/exceptions/records.ts";
import { buildAuditFinding, buildCheckResult, buildException } from "./records.ts";

/**
 * A worked example of the compliance status of October 2026 (UTC), shared
 * by the pack's query test and the report's. Checks and what they evidence:
 *
 * | check   | controls                                              |
 * | ssh     | NIST-800-53 AC-17(a), CM-7; CIS 5.2.10                |
 * | pw      | NIST-800-53 IA-5(1); PCI-DSS Req-8.2.3                |
 * | audit   | NIST-800-53 AU-2                                      |
 * | manual  | NIST-800-53 CM-7                                      |
 * | prelink | NIST-800-53 CM-6(d)                                   |
 * | plan    | NIST-800-53 PL-2                                      |
 * | gone    | CIS 9.9                                               |
 * | log     | none                                                  |
 *
 * Results (the latest before 2026-11-01 in bold):
 * - 2026-09-10: web-1 ssh fail, pw pass, audit pass, log fail; db-1 ssh pass, pw fail, audit fail.
 * - 2026-10-10: web-1 **ssh pass**, pw pass, **audit fail (suppressed)**, **manual notchecked**,
 *   **prelink pass**, **log fail**; db-1 **ssh pass**, **pw fail**, **audit pass**, **prelink pass**,
 *   **plan notchecked**, **gone notapplicable**.
 * - 2026-10-20: web-1 **pw pass** from another tool, without controls: it hides the earlier pw.
 * - 2026-11-02: db-1 ssh fail: after the period.
 *
 * Open audit findings at the period end: AF-1 on `CM-6` (covers CM-6(d)), due
 * 2026-11-15; AF-2 on `IA-5(1)` due 2026-12-01 and AF-3 on `ia-5(1)` due
 * 2026-10-20 (overdue); AF-4 on `SC-28`, which no check evidences, no due
 * date; AF-6 on `PCI-DSS Req-8.2.3` due 2026-12-31. Not counted: AF-5 on
 * AU-2, closed 2026-10-15; AF-7 on AU-2, opened 2026-11-05; AF-8 without a
 * control. Approved exceptions: EX-1 on AU-2 to 2026-12-31, EX-2 on SC-28 to
 * 2027-01-31, EX-3 on `NIST-800-53:AC-17(a)` to 2026-11-30; EX-4 on IA-5(1)
 * is rejected, so it sets no target.
 *
 * The table, by hand (gaps = failing + findings; sorted not met, partial,
 * not assessed, met, then by gaps, suppressed, framework — none last — and id):
 */
export const OCTOBER_REQUIREMENTS: readonly RequirementState[] = [
  // db-1 pw fails (web-1 pw is hidden), AF-2 and AF-3; AF-3's due date is the earliest.
  state("NIST-800-53", "IA-5(1)", "not_met", { gaps: 3, failing: 1, findings: 2 }, [
    "2026-10-20",
    "audit_finding",
    "AF-3",
  ]),
  state("PCI-DSS", "Req-8.2.3", "not_met", { gaps: 2, failing: 1, findings: 1 }, [
    "2026-12-31",
    "audit_finding",
    "AF-6",
  ]),
  // Both prelink results pass, but AF-1 is open against CM-6.
  state("NIST-800-53", "CM-6(d)", "not_met", { gaps: 1, findings: 1, passing: 2 }, [
    "2026-11-15",
    "audit_finding",
    "AF-1",
  ]),
  state(null, "SC-28", "not_met", { gaps: 1, findings: 1 }, ["2027-01-31", "exception", "EX-2"]),
  // web-1 audit fails, suppressed; db-1 passes.
  state("NIST-800-53", "AU-2", "partial", { suppressed: 1, passing: 1 }, ["2026-12-31", "exception", "EX-1"]),
  // Two ssh passes, web-1 manual awaits an assessment.
  state("NIST-800-53", "CM-7", "partial", { passing: 2, unassessed: 1 }, null),
  state("NIST-800-53", "PL-2", "not_assessed", { unassessed: 1 }, null),
  state("CIS", "5.2.10", "met", { passing: 2 }, null),
  state("NIST-800-53", "AC-17(a)", "met", { passing: 2 }, ["2026-11-30", "exception", "EX-3"]),
  // CIS 9.9: only notapplicable, no row.
];

export const OCTOBER_END = Date.parse("2026-11-01T00:00:00Z");

function state(
  framework: string | null,
  requirement: string,
  status: RequirementState["status"],
  counts: Partial<Record<"gaps" | "failing" | "findings" | "suppressed" | "passing" | "unassessed", number>>,
  target: [string, "audit_finding" | "exception", string] | null,
): RequirementState {
  return {
    framework,
    requirement,
    status,
    open_gaps: counts.gaps ?? 0,
    failing_checks: counts.failing ?? 0,
    open_audit_findings: counts.findings ?? 0,
    suppressed_failures: counts.suppressed ?? 0,
    passing_checks: counts.passing ?? 0,
    unassessed_checks: counts.unassessed ?? 0,
    target: target && { at: Date.parse(`${target[0]}T00:00:00Z`), source: target[1], id: target[2] },
  };
}

const CONTROLS: Record<string, Record<string, string[]>> = {
  ssh: { "NIST-800-53": ["AC-17(a)", "CM-7"], CIS: ["5.2.10"] },
  pw: { "NIST-800-53": ["IA-5(1)"], "PCI-DSS": ["Req-8.2.3"] },
  audit: { "NIST-800-53": ["AU-2"] },
  manual: { "NIST-800-53": ["CM-7"] },
  prelink: { "NIST-800-53": ["CM-6(d)"] },
  plan: { "NIST-800-53": ["PL-2"] },
  gone: { CIS: ["9.9"] },
};

export function exampleCheckResults(): CheckResult[] {
  const scan = (day: string, asset: string, results: Record<string, CheckResultValue | "suppressed fail">) =>
    Object.entries(results).map(([check, result]) =>
      buildCheckResult({
        asset,
        check_id: check,
        result: result === "suppressed fail" ? "fail" : result,
        suppressed: result === "suppressed fail",
        checked_at: Date.parse(`${day}T10:00:00Z`),
        title: `Check ${check}`,
        controls: CONTROLS[check] ?? null,
      }),
    );
  return [
    ...scan("2026-09-10", "web-1", { ssh: "fail", pw: "pass", audit: "pass", log: "fail" }),
    ...scan("2026-09-10", "db-1", { ssh: "pass", pw: "fail", audit: "fail" }),
    ...scan("2026-10-10", "web-1", {
      ssh: "pass",
      pw: "pass",
      audit: "suppressed fail",
      manual: "notchecked",
      prelink: "pass",
      log: "fail",
    }),
    ...scan("2026-10-10", "db-1", {
      ssh: "pass",
      pw: "fail",
      audit: "pass",
      prelink: "pass",
      plan: "notchecked",
      gone: "notapplicable",
    }),
    { ...scan("2026-10-20", "web-1", { pw: "pass" })[0]!, feed: "other-tool", controls: null },
    ...scan("2026-11-02", "db-1", { ssh: "fail" }),
  ];
}

const SNAPSHOT = Date.parse("2026-10-31T00:00:00Z");
const day = (date: string) => Date.parse(`${date}T00:00:00Z`);

export function exampleAuditFindings(): AuditFinding[] {
  const finding = (id: string, control: string | null, fields: Partial<AuditFinding> = {}) =>
    buildAuditFinding({ external_id: id, snapshot_at: SNAPSHOT, opened_at: 0, control, ...fields });
  return [
    finding("AF-1", "CM-6", { due_at: day("2026-11-15") }),
    finding("AF-2", "IA-5(1)", { due_at: day("2026-12-01") }),
    finding("AF-3", "ia-5(1)", { due_at: day("2026-10-20") }),
    finding("AF-4", "SC-28"),
    finding("AF-5", "AU-2", { status: "closed", closed_at: day("2026-10-15"), due_at: day("2026-10-01") }),
    finding("AF-6", "PCI-DSS Req-8.2.3", { due_at: day("2026-12-31") }),
    finding("AF-7", "AU-2", { opened_at: day("2026-11-05"), due_at: day("2026-10-02") }),
    finding("AF-8", null, { due_at: day("2026-10-03") }),
  ];
}

export function exampleExceptions(): RiskException[] {
  const exception = (id: string, control: string, expires: string, fields: Partial<RiskException> = {}) =>
    buildException({
      external_id: id,
      snapshot_at: SNAPSHOT,
      expires_at: day(expires),
      scope: { controls: [control], checks: [], assets: [], findings: [] },
      ...fields,
    });
  return [
    exception("EX-1", "AU-2", "2026-12-31"),
    exception("EX-2", "SC-28", "2027-01-31"),
    exception("EX-3", "NIST-800-53:AC-17(a)", "2026-11-30"),
    exception("EX-4", "IA-5(1)", "2026-10-05", { status: "rejected" }),
  ];
}
