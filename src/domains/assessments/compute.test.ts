import { describe, expect, it } from "vitest";
import { parseCalendarDuration } from "../../model/calendar-duration.ts";
import { assessmentMetrics, isOpenAt, isResolvedBy, isVerifiedBy } from "./compute.ts";
import type { AssessmentFinding } from "./records.ts";

const END = Date.parse("2026-11-01T00:00:00Z");
const DAY = 86_400_000;
const finding = (fields: Partial<AssessmentFinding>): AssessmentFinding => ({
  kind: "assessment_finding",
  feed: "assessments",
  external_id: "A/F",
  snapshot_at: END - DAY,
  assessment: "A",
  assessment_type: "red_team",
  title: "t",
  severity: "medium",
  owner: null,
  found_at: END - 10 * DAY,
  due_at: null,
  remediation_plan: null,
  resolved_at: null,
  verified_at: null,
  verified_by: null,
  attributes: {},
  ...fields,
});
const NO_SCHEDULE = {
  schedule: [],
  policy: { grace: parseCalendarDuration("0") ?? { text: "0", parts: {} }, timezone: "UTC" },
  assessments: [],
};

describe("an assessment finding at the period end", () => {
  it.each([
    ["reported a millisecond before the end: open", { found_at: END - 1 }, true],
    ["reported at the end itself: not yet", { found_at: END }, false],
    ["resolved at the end itself: still open", { resolved_at: END }, true],
    ["resolved a millisecond before: closed", { resolved_at: END - 1 }, false],
  ] as const)("%s", (_case, fields, open) => {
    expect(isOpenAt(finding(fields), END)).toBe(open);
  });

  it("is resolved and verified only strictly before the end", () => {
    expect(isResolvedBy(finding({ resolved_at: END }), END)).toBe(false);
    expect(isVerifiedBy(finding({ resolved_at: END - 2, verified_at: END }), END)).toBe(false);
    expect(isVerifiedBy(finding({ resolved_at: END - 2, verified_at: END - 1 }), END)).toBe(true);
  });
});

describe("the assessment metrics", () => {
  it("has no on-schedule figure without a schedule, and says why", () => {
    const values = assessmentMetrics({ ...NO_SCHEDULE, findings: [] }, { end: END });
    expect(values.assessments_on_schedule).toMatchObject({ value: null, n: 0 });
    expect(values.assessments_on_schedule.reason).toMatch(/no assessment schedule in the config/);
    expect(values.assessment_findings_open.value).toBe(0);
    expect(values.assessment_remediation_verified).toMatchObject({ value: null, n: 0 });
  });

  it("counts overdue open findings by their due date, and the verified share of every resolved one", () => {
    // Open: a (due a day ago: overdue), b (due at the end itself: not yet); resolved: c verified, d not.
    const values = assessmentMetrics(
      {
        ...NO_SCHEDULE,
        findings: [
          finding({ external_id: "A/a", due_at: END - DAY, severity: "high" }),
          finding({ external_id: "A/b", due_at: END, assessment_type: "smart_contract_audit" }),
          finding({ external_id: "A/c", resolved_at: END - 3 * DAY, verified_at: END - DAY }),
          finding({ external_id: "A/d", resolved_at: END - 400 * DAY, found_at: END - 500 * DAY }),
        ],
      },
      { end: END },
    );
    expect(values.assessment_findings_open.value).toBe(2);
    expect(values.assessment_findings_open.details).toMatchObject({
      by_type: { red_team: 1, smart_contract_audit: 1 },
      overdue: 1,
    });
    expect(values.assessment_remediation_verified).toMatchObject({ value: 50, n: 2 });
  });
});
