import { describe, expect, it } from "vitest";
import {
  ageBucket,
  type FixedFindingGroup,
  kaplanMeierMedian,
  type NewFindingGroup,
  type OpenFindingGroup,
  scanDataEnd,
  vulnerabilityMetrics,
} from "./compute.ts";

const DAY = 86_400_000;
const DAY_S = 86_400;
/** The period ends (and open findings are judged) at day 100. */
const AS_OF = 100 * DAY;

function open(first: number, extra: Partial<OpenFindingGroup> = {}): OpenFindingGroup {
  return { severity: "high", status: "open", first_seen_at: first * DAY, due_at: null, count: 1, ...extra };
}

function fixed(first: number, fixedDay: number, extra: Partial<FixedFindingGroup> = {}): FixedFindingGroup {
  return { ...open(first), fixed_at: fixedDay * DAY, ...extra };
}

function fresh(extra: Partial<NewFindingGroup>): NewFindingGroup {
  return { category: "dependency", direct: null, reintroduced: false, status: "open", count: 1, ...extra };
}

describe("where scan data ends", () => {
  const scan = (target: string, day: number) => ({ target, scanned_at: day * DAY });
  it.each([
    { scans: [], end: null },
    // The most recent last scan, whatever the order it comes in; api stopped earlier and does not end the data.
    { scans: [scan("api", 3), scan("web", 9)], end: { at: 9 * DAY, record: "scan of web" } },
    // Targets last scanned at the same instant: the first by name, and how many others.
    {
      scans: [scan("web", 9), scan("api", 9), scan("db", 9), scan("old", 1)],
      end: { at: 9 * DAY, record: "scan of api and 2 other targets" },
    },
    {
      scans: [scan("web", 9), scan("api", 9)],
      end: { at: 9 * DAY, record: "scan of api and 1 other target" },
    },
  ])("$end.record", ({ scans, end }) => {
    expect(scanDataEnd(scans)).toEqual(end);
  });
});

describe("age buckets of open findings", () => {
  it.each([
    [0, "0-30d"],
    [30 * DAY, "0-30d"], // exactly 30 days is still ≤ 30
    [30 * DAY + 1, "31-60d"],
    [60 * DAY, "31-60d"],
    [90 * DAY, "61-90d"],
    [90 * DAY + 1, "over_90d"],
  ])("an age of %d ms is %s", (age, bucket) => {
    expect(ageBucket(age)).toBe(bucket);
  });
});

describe("Kaplan-Meier median time to remediate", () => {
  it.each([
    // Nothing fixed: the median is not reached.
    { events: [], censored: [{ time: 5, count: 3 }], median: null },
    // 3 fixed at 1, 2, 3; no censoring: S(1) = 2/3, S(2) = 1/3 ≤ 0.5 → 2.
    {
      events: [
        { time: 1, count: 1 },
        { time: 2, count: 1 },
        { time: 3, count: 1 },
      ],
      censored: [],
      median: 2,
    },
    // Events 3 ×2 and 10 ×1; censored 5 ×1 and 20 ×2 (6 in all).
    // t=3: 6 at risk, 2 fixed → S = 4/6. t=10: at risk 10 ×1 + 20 ×2 = 3, 1 fixed → S = 4/6 × 2/3 = 0.444 → 10.
    {
      events: [
        { time: 3, count: 2 },
        { time: 10, count: 1 },
      ],
      censored: [
        { time: 5, count: 1 },
        { time: 20, count: 2 },
      ],
      median: 10,
    },
    // Censored at the same time as an event stays at risk: t=4: 4 at risk (2 events + 2 censored), 2 fixed → S = 0.5 → 4.
    { events: [{ time: 4, count: 2 }], censored: [{ time: 4, count: 2 }], median: 4 },
    // 1 fixed of 4 (3 still open later): S = 3/4, never ≤ 0.5.
    { events: [{ time: 1, count: 1 }], censored: [{ time: 9, count: 3 }], median: null },
  ])("events $events, censored $censored → $median", ({ events, censored, median }) => {
    expect(kaplanMeierMedian(events, censored)).toBe(median);
  });
});

describe("vulnerability metrics of one period", () => {
  it("says no data instead of zero where nothing was fixed or due, and counts zero open", () => {
    const values = vulnerabilityMetrics({ open: [], fixed: [], new: [] }, { asOf: AS_OF, targets: [] });
    expect(values.open_vulnerabilities?.value).toBe(0);
    expect(values.mttp).toMatchObject({ value: null, n: 0, reason: "no finding was fixed in the period" });
    expect(values.vuln_sla_missed).toMatchObject({ value: null, n: 0 });
    expect(values.security_debt?.value).toBe(0);
  });

  const tally = {
    open: [
      open(30, { severity: "critical", due_at: 37 * DAY }), // past due (day 37 < 100)
      open(0, { severity: "high", due_at: 30 * DAY, count: 2 }), // 2 past due
      open(70, { severity: "medium", due_at: 160 * DAY }), // not due yet
      open(55, { severity: null }), // unrated: no due date
      open(60, { severity: "critical", due_at: 100 * DAY }), // due exactly at period end: not past due
      open(10, { severity: "critical", status: "accepted_risk", due_at: 17 * DAY }), // shown apart
    ],
    fixed: [
      fixed(60, 63, { severity: "critical", due_at: 67 * DAY, count: 2 }), // 3 d each, on time
      fixed(50, 90, { severity: "high", due_at: 80 * DAY }), // 40 d, 10 d late
      fixed(85, 95, { severity: "info", due_at: null }), // 10 d, no SLA
      fixed(80, 81, { severity: "low", status: "false_positive", due_at: 200 * DAY }), // shown apart
    ],
    new: [
      fresh({ category: "sast", count: 2 }),
      fresh({ category: "sast", status: "false_positive" }),
      fresh({ category: "dast" }),
      fresh({ category: "dependency", direct: true, count: 2 }),
      fresh({ category: "container", direct: true }),
      fresh({ category: "dependency", direct: false }),
      fresh({ category: "dependency", direct: null }),
      fresh({ category: "container", direct: true, reintroduced: true }),
      fresh({ category: "dependency", direct: true, status: "duplicate" }),
    ],
  };
  const values = vulnerabilityMetrics(tally, { asOf: AS_OF, targets: [] });
  const value = (id: string) => values[id]?.value;

  it("adds overdue action items to the findings past due, and shows expired exceptions beside them", () => {
    const otherDebt = { overdue_actions: 2, expired_exceptions: 1 };
    const debt = vulnerabilityMetrics(tally, { asOf: AS_OF, targets: [], otherDebt }).security_debt;
    // 3 findings past due (critical day 30, high ×2) + 2 action items = 5; the expired exception's
    // findings already count again as past due, so it is not added twice.
    expect(debt?.value).toBe(5);
    expect(debt?.details).toMatchObject({ findings_past_due: 3, overdue_actions: 2, expired_exceptions: 1 });
  });

  it.each([
    // 1 + 2 + 1 + 1 + 1 open (the accepted risk apart) = 6.
    ["open_vulnerabilities", 6],
    // Critical open: day 30 and day 60 = 2 (the accepted risk apart).
    ["open_critical_vulnerabilities", 2],
    ["open_high_vulnerabilities", 2],
    // Fixed (open status): 3 d, 3 d, 40 d, 10 d → mean 56 / 4 = 14 d.
    ["mttp", 14 * DAY_S],
    // Fixed late 1 + open past due 3 (critical day 30, high ×2), over fixed with an SLA 3 + open past due 3: 4 / 6.
    ["vuln_sla_missed", (4 / 6) * 100],
    ["security_debt", 3],
    // Reintroduced and first seen in the period: 1.
    ["repeat_findings", 1],
    ["sast_findings_new", 2],
    ["dast_findings_new", 1],
    // Direct: dependency ×2, container ×1, container reintroduced ×1 = 4 (the duplicate apart).
    ["dependency_vulns_direct", 4],
  ])("%s = %d", (id, expected) => {
    expect(value(id)).toBeCloseTo(expected, 9);
  });

  it("breaks open findings down by age and severity, excluded statuses apart", () => {
    // Ages: day 30 → 70 d; day 0 → 100 d ×2; day 70 → 30 d; day 55 → 45 d; day 60 → 40 d.
    expect(values.open_vulnerabilities?.details).toEqual({
      by_severity: { critical: 2, high: 2, medium: 1, low: 0, info: 0, unrated: 1 },
      age_buckets: { "0-30d": 1, "31-60d": 2, "61-90d": 1, over_90d: 2 },
      excluded: { accepted_risk: 1 },
      // No exception register: nothing accepted under one.
      accepted_risk: 0,
      accepted_risk_exceptions: [],
      lapsed_exceptions: [],
      // No scan target given: nothing shown apart.
      not_rescanned: 0,
      targets_not_rescanned: [],
      retired: 0,
      retired_targets: [],
    });
    expect(values.open_critical_vulnerabilities?.details.excluded).toEqual({ accepted_risk: 1 });
  });

  it("gives mttp's median, p90, per-severity figures and the Kaplan-Meier median", () => {
    const mttp = values.mttp;
    // Sorted: 3, 3, 10, 40 d → median (3 + 10) / 2 = 6.5 d; p90 rank ceil(3.6) = 4 → 40 d.
    expect(mttp?.median).toBe(6.5 * DAY_S);
    expect(mttp?.p90).toBe(40 * DAY_S);
    expect(mttp?.n).toBe(4);
    // Still open at day 100: 6 findings, the oldest first seen on day 0.
    expect(mttp?.open).toBe(6);
    expect(mttp?.oldest_open_age).toBe(100 * DAY_S);
    expect(mttp?.details.by_severity).toEqual({
      critical: { mean: 3 * DAY_S, median: 3 * DAY_S, p90: 3 * DAY_S, n: 2 },
      high: { mean: 40 * DAY_S, median: 40 * DAY_S, p90: 40 * DAY_S, n: 1 },
      info: { mean: 10 * DAY_S, median: 10 * DAY_S, p90: 10 * DAY_S, n: 1 },
    });
    // Events 3 d ×2, 10 d, 40 d; censored at ages 70, 100 ×2, 30, 45, 40 d (10 in all).
    // t=3: 10 at risk, 2 fixed → 0.8. t=10: 8 at risk, 1 → 0.7. t=40: at risk 40 (event), 40 (censored),
    // 45, 70, 100 ×2 = 6, 1 fixed → 0.7 × 5/6 = 0.583: never ≤ 0.5, so the median is not reached.
    expect(mttp?.details.km_median).toBeNull();
    expect(mttp?.details.km_population).toEqual({ fixed: 4, censored: 6 });
    expect(mttp?.details.excluded).toEqual({ false_positive: 1 });
  });

  it("shows how the SLA figure is made up", () => {
    expect(values.vuln_sla_missed?.details).toEqual({
      fixed_late: 1,
      fixed_on_time: 2,
      open_past_due: 3,
      fixed_without_sla: 1,
      // The accepted risk is past due (day 17) but never counted as missed.
      excluded: { false_positive: 1, accepted_risk: 1 },
      accepted_risk: 0,
      accepted_risk_exceptions: [],
      lapsed_exceptions: [],
    });
    expect(values.vuln_sla_missed?.n).toBe(6);
    expect(values.dependency_vulns_direct?.details).toMatchObject({ transitive: 1, unknown: 1 });
  });
});
