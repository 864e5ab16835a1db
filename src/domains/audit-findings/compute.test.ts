import { describe, expect, it } from "vitest";
import { auditFindingCounts, daysOverdue, isOpenAt } from "./compute.ts";
import type { AuditFinding } from "./records.ts";

const START = Date.parse("2026-10-01T00:00:00Z");
const END = Date.parse("2026-11-01T00:00:00Z");
const DAY = 86_400_000;
const finding = (fields: Partial<AuditFinding>): AuditFinding => ({
  kind: "audit_finding",
  feed: "audit-findings",
  external_id: "AF",
  snapshot_at: START,
  source: "internal",
  control: null,
  title: null,
  severity: "medium",
  status: "open",
  opened_at: START - 10 * DAY,
  due_at: null,
  closed_at: null,
  owner: null,
  attributes: {},
  ...fields,
});

describe("an audit finding at the period end", () => {
  it.each([
    ["opened a millisecond before the end: open", { opened_at: END - 1 }, true],
    ["opened at the end itself: not yet", { opened_at: END }, false],
    ["closed at the end itself: still open", { status: "closed", closed_at: END }, true],
    ["closed a millisecond before the end: closed", { status: "closed", closed_at: END - 1 }, false],
    ["risk accepted: open", { status: "risk_accepted" }, true],
  ] as const)("%s", (_case, fields, open) => {
    expect(isOpenAt(finding(fields), END)).toBe(open);
  });

  it("counts days overdue in whole days begun, none before or at the due date", () => {
    expect(daysOverdue(finding({ due_at: END - 1 }), END)).toBe(1);
    expect(daysOverdue(finding({ due_at: END - 2 * DAY }), END)).toBe(2);
    expect(daysOverdue(finding({ due_at: END }), END)).toBe(0);
    expect(daysOverdue(finding({ due_at: null }), END)).toBe(0);
  });

  it("times to close only the findings closed within [start, end)", () => {
    // Closed at the start: 10 d, counted; closed at the end: still open, not timed; closed before: neither.
    const values = auditFindingCounts(
      [
        finding({ external_id: "a", status: "closed", closed_at: START }),
        finding({ external_id: "b", status: "closed", closed_at: END }),
        finding({ external_id: "c", status: "closed", closed_at: START - 1 }),
      ],
      { start: START, end: END },
    );
    expect(values.audit_findings.value).toBe(1);
    expect(values.audit_findings.details).toMatchObject({ closed_in_period: 1, mean_days_to_close: 10 });
  });
});
