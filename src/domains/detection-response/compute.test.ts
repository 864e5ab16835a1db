import { describe, expect, it } from "vitest";
import { parsePeriod } from "../../model/period.ts";
import type { Severity } from "../../model/severity.ts";
import { parseTimestamp } from "../../model/time.ts";
import { buildIncident } from "../../test-support/records.ts";
import {
  alertMetrics,
  DEFAULT_INCIDENT_SLA,
  type DetectionResponseContext,
  incidentMetrics,
} from "./compute.ts";
import type { AlertTally, Incident } from "./records.ts";

const at = (iso: string): number => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`bad test timestamp ${iso}`);
  return ms;
};
const HOUR = 3600;
const DAY = 86_400;

function incident(id: string, fields: Partial<Omit<Incident, "kind">> & { detected_at: number }): Incident {
  return buildIncident({ external_id: id, ...fields });
}

const UTC = { timezone: "UTC", iterations: [] };
const SEPTEMBER = parsePeriod("2026-09", UTC); // [2026-09-01T00:00Z, 2026-10-01T00:00Z)
const AFTER_SEPTEMBER = at("2026-10-05T00:00:00Z");
const CTX: DetectionResponseContext = {
  period: SEPTEMBER,
  now: AFTER_SEPTEMBER,
  incidentSla: DEFAULT_INCIDENT_SLA,
};

/*
 * One month of incidents, every duration worked out by hand (seconds):
 *
 *      severity  started  detected  ack    responded  recovered   mttd  mtta  mttr  mttrec
 *  A   critical  09-02 09:50  10:00  10:05  10:30   12:00          600   300  1800    7200
 *  B   high      09-10 13:58  14:00  14:02  14:20   15:00          120   120  1200    3600
 *  C   medium    09-15 07:00  08:00  08:15  10:00   20:00         3600   900  7200   43200
 *  D   low       09-20 21:55  22:00  22:01  22:45   09-21 04:00    300    60  2700   21600
 *  E   high      09-28 11:00  12:00  12:10  —       —             3600   600  open    open
 *  F   (none)    —            09-30 18:00 — —       —           missing open  open    open
 *  G   critical drill 09-12 09:00 09:30 09:40 10:00 11:00          1800   600  1800    5400
 *
 * Ages of open items at now = 10-05 00:00: E 10-05 00:00 − 09-28 12:00 = 6 d 12 h = 561 600 s;
 * F 10-05 00:00 − 09-30 18:00 = 4 d 6 h = 367 200 s.
 */
const A = incident("A", {
  severity: "critical",
  started_at: at("2026-09-02T09:50:00Z"),
  detected_at: at("2026-09-02T10:00:00Z"),
  acknowledged_at: at("2026-09-02T10:05:00Z"),
  responded_at: at("2026-09-02T10:30:00Z"),
  recovered_at: at("2026-09-02T12:00:00Z"),
});
const B = incident("B", {
  severity: "high",
  started_at: at("2026-09-10T13:58:00Z"),
  detected_at: at("2026-09-10T14:00:00Z"),
  acknowledged_at: at("2026-09-10T14:02:00Z"),
  responded_at: at("2026-09-10T14:20:00Z"),
  recovered_at: at("2026-09-10T15:00:00Z"),
});
const C = incident("C", {
  severity: "medium",
  started_at: at("2026-09-15T07:00:00Z"),
  detected_at: at("2026-09-15T08:00:00Z"),
  acknowledged_at: at("2026-09-15T08:15:00Z"),
  responded_at: at("2026-09-15T10:00:00Z"),
  recovered_at: at("2026-09-15T20:00:00Z"),
});
const D = incident("D", {
  severity: "low",
  started_at: at("2026-09-20T21:55:00Z"),
  detected_at: at("2026-09-20T22:00:00Z"),
  acknowledged_at: at("2026-09-20T22:01:00Z"),
  responded_at: at("2026-09-20T22:45:00Z"),
  recovered_at: at("2026-09-21T04:00:00Z"),
});
const E = incident("E", {
  severity: "high",
  started_at: at("2026-09-28T11:00:00Z"),
  detected_at: at("2026-09-28T12:00:00Z"),
  acknowledged_at: at("2026-09-28T12:10:00Z"),
});
const F = incident("F", { detected_at: at("2026-09-30T18:00:00Z") });
const G = incident("G", {
  severity: "critical",
  synthetic: true,
  started_at: at("2026-09-12T09:00:00Z"),
  detected_at: at("2026-09-12T09:30:00Z"),
  acknowledged_at: at("2026-09-12T09:40:00Z"),
  responded_at: at("2026-09-12T10:00:00Z"),
  recovered_at: at("2026-09-12T11:00:00Z"),
});
const MONTH = [A, B, C, D, E, F, G];

describe("incidentMetrics: duration metrics", () => {
  const result = incidentMetrics(MONTH, CTX);

  it.each([
    {
      metric: "mttd",
      // A 600, B 120, C 3600, D 300, E 3600 (F has no started_at, G is a drill)
      // mean (600 + 120 + 3600 + 300 + 3600) / 5 = 8220 / 5 = 1644
      // sorted 120, 300, 600, 3600, 3600 → median 600; p90 rank ⌈0.9 × 5⌉ = 5 → 3600
      // detected_at is always known, so mttd is never open
      expected: { value: 1644, n: 5, median: 600, p90: 3600, open: 0, oldest_open_age: null },
      missing_start: 1, // F
    },
    {
      metric: "mtta",
      // A 300, B 120, C 900, D 60, E 600; F not acknowledged → open
      // mean (300 + 120 + 900 + 60 + 600) / 5 = 1980 / 5 = 396
      // sorted 60, 120, 300, 600, 900 → median 300; p90 rank 5 → 900
      // oldest open: F, 367 200 s
      expected: { value: 396, n: 5, median: 300, p90: 900, open: 1, oldest_open_age: 367_200 },
      missing_start: 0,
    },
    {
      metric: "mttr",
      // A 1800, B 1200, C 7200, D 2700; E and F not responded → open
      // mean (1800 + 1200 + 7200 + 2700) / 4 = 12 900 / 4 = 3225
      // sorted 1200, 1800, 2700, 7200 → median (1800 + 2700) / 2 = 2250; p90 rank ⌈3.6⌉ = 4 → 7200
      // oldest open: max(E 561 600, F 367 200) = 561 600
      expected: { value: 3225, n: 4, median: 2250, p90: 7200, open: 2, oldest_open_age: 561_600 },
      missing_start: 0,
    },
    {
      metric: "mttrec",
      // A 7200, B 3600, C 43 200, D 21 600; E and F not recovered → open
      // mean (7200 + 3600 + 43 200 + 21 600) / 4 = 75 600 / 4 = 18 900
      // sorted 3600, 7200, 21 600, 43 200 → median (7200 + 21 600) / 2 = 14 400; p90 rank 4 → 43 200
      expected: { value: 18_900, n: 4, median: 14_400, p90: 43_200, open: 2, oldest_open_age: 561_600 },
      missing_start: 0,
    },
  ])("$metric: mean, median, p90, n, open", ({ metric, expected, missing_start }) => {
    const value = result[metric];
    expect(value).toMatchObject({ ...expected, reason: null });
    expect(value?.details.missing_start).toBe(missing_start);
  });

  it.each([
    // G alone: mttd 09:00 → 09:30 = 1800; mtta 09:30 → 09:40 = 600; mttr 09:30 → 10:00 = 1800;
    // mttrec 09:30 → 11:00 = 5400
    { metric: "mttd", drills: { n: 1, value: 1800, open: 0 } },
    { metric: "mtta", drills: { n: 1, value: 600, open: 0 } },
    { metric: "mttr", drills: { n: 1, value: 1800, open: 0 } },
    { metric: "mttrec", drills: { n: 1, value: 5400, open: 0 } },
  ])("$metric: the drill is reported apart in details.drills", ({ metric, drills }) => {
    expect(result[metric]?.details.drills).toEqual(drills);
  });

  it("drills change nothing but details.drills", () => {
    const withoutDrill = incidentMetrics([A, B, C, D, E, F], CTX);
    for (const [id, value] of Object.entries(result)) {
      const other = withoutDrill[id];
      expect({ ...value, details: {} }, id).toEqual({ ...other, details: {} });
      const { drills: _drills, ...details } = value.details;
      const { drills: _none, ...otherDetails } = other?.details ?? {};
      expect(details, id).toEqual(otherDetails);
    }
    expect(withoutDrill.mttd?.details.drills).toBeNull();
    expect(withoutDrill.incident_count?.details.drills).toBe(0);
  });

  it("a period with only a drill has no production value, and shows the drill figure apart", () => {
    const drillOnly = incidentMetrics([G], CTX);
    expect(drillOnly.mttd).toMatchObject({
      value: null,
      n: 0,
      reason: "no production incidents detected in the period",
      details: { drills: { n: 1, value: 1800, open: 0 } }, // 09:00 → 09:30
    });
    expect(drillOnly.incident_count).toMatchObject({ value: 0, details: { drills: 1 } });
    expect(drillOnly.sev1_incidents?.value).toBe(0); // G is critical, but a drill
  });

  it("an open drill is counted open in the drill figure, not in production", () => {
    const openDrill = incident("H", {
      synthetic: true,
      detected_at: at("2026-09-12T09:30:00Z"),
      acknowledged_at: at("2026-09-12T09:45:00Z"), // 900 s
    });
    const value = incidentMetrics([A, openDrill], CTX).mttr;
    // production: A only, 1800 s, nothing open
    expect(value).toMatchObject({ value: 1800, n: 1, open: 0, oldest_open_age: null });
    expect(value?.details.drills).toEqual({ n: 0, value: null, open: 1 });
  });

  it.each([
    // E detected 09-28 12:00, F 09-30 18:00
    // now 10-05 00:00: E is 6 d 12 h = 6 × 86 400 + 12 × 3600 = 561 600 s old
    { now: "2026-10-05T00:00:00Z", mttrOldest: 561_600, mttaOldest: 367_200 },
    // one day later both ages grow by 86 400: 561 600 + 86 400 = 648 000; F 367 200 + 86 400 = 453 600
    { now: "2026-10-06T00:00:00Z", mttrOldest: 648_000, mttaOldest: 453_600 },
    // now inside the period, 09-30 18:00: E 2 d 6 h = 194 400; F 0 s (detected this instant)
    { now: "2026-09-30T18:00:00Z", mttrOldest: 194_400, mttaOldest: 0 },
  ])("oldest_open_age is measured at now = $now", ({ now, mttrOldest, mttaOldest }) => {
    const values = incidentMetrics([A, B, C, D, E, F], { ...CTX, now: at(now) });
    expect(values.mttr?.oldest_open_age).toBe(mttrOldest);
    expect(values.mttrec?.oldest_open_age).toBe(mttrOldest);
    expect(values.mtta?.oldest_open_age).toBe(mttaOldest);
    // open items never enter the mean, whatever now is
    expect(values.mttr?.value).toBe(3225);
  });

  it("a period whose incidents are all open has no mean, but counts them", () => {
    const values = incidentMetrics([E, F], CTX);
    expect(values.mttr).toMatchObject({
      value: null,
      n: 0,
      median: null,
      p90: null,
      open: 2,
      oldest_open_age: 561_600, // E
      reason: "no incident of the period has both detected_at and responded_at",
    });
    // E: 11:00 → 12:00 = 3600; F has no started_at
    expect(values.mttd).toMatchObject({ value: 3600, n: 1, details: { missing_start: 1 } });
  });

  it("an incident missing started_at is counted in details.missing_start, not in mttd", () => {
    const values = incidentMetrics([F], CTX);
    expect(values.mttd).toMatchObject({
      value: null,
      n: 0,
      open: 0,
      reason: "no incident of the period has both started_at and detected_at",
      details: { missing_start: 1 },
    });
    // it still counts as an incident of the period
    expect(values.incident_count?.value).toBe(1);
  });
});

describe("incidentMetrics: empty period", () => {
  const august = incident("AUG", {
    severity: "critical",
    started_at: at("2026-08-10T09:00:00Z"),
    detected_at: at("2026-08-10T10:00:00Z"),
    recovered_at: at("2026-08-10T11:00:00Z"),
  });

  it.each([
    { label: "no incidents at all", incidents: [] },
    { label: "only incidents of another period", incidents: [august] },
  ])("$label: durations null with a reason, counts 0", ({ incidents }) => {
    const values = incidentMetrics(incidents, CTX);
    for (const id of ["mttd", "mtta", "mttr", "mttrec"]) {
      expect(values[id], id).toEqual({
        value: null,
        n: 0,
        median: null,
        p90: null,
        open: 0,
        oldest_open_age: null,
        reason: "no production incidents detected in the period",
        details: { missing_start: 0, drills: null },
      });
    }
    for (const id of ["incident_count", "sev1_incidents", "p0_p1_incidents"]) {
      expect(values[id], id).toMatchObject({ value: 0, n: 0, reason: null });
    }
    expect(values.incidents_within_sla).toMatchObject({
      value: null,
      n: 0,
      reason: "no incident of the period is recovered or past its SLA deadline",
    });
  });
});

describe("incidentMetrics: period boundaries are half-open [start, end)", () => {
  it.each([
    { label: "last millisecond of August", detected: "2026-08-31T23:59:59.999Z", counted: 0 },
    { label: "exactly period.start", detected: "2026-09-01T00:00:00.000Z", counted: 1 },
    { label: "last millisecond of September", detected: "2026-09-30T23:59:59.999Z", counted: 1 },
    {
      label: "exactly period.end (first instant of October)",
      detected: "2026-10-01T00:00:00.000Z",
      counted: 0,
    },
  ])("$label → counted $counted", ({ detected, counted }) => {
    const detected_at = at(detected);
    const only = incident("X", { severity: "high", started_at: detected_at - 60_000, detected_at });
    const values = incidentMetrics([only], CTX);
    expect(values.incident_count?.value).toBe(counted);
    expect(values.p0_p1_incidents?.value).toBe(counted);
    // started 60 000 ms earlier → mttd 60 s when counted
    expect(values.mttd?.value).toBe(counted ? 60 : null);
  });

  it("the period boundaries are the UTC month edges", () => {
    expect(SEPTEMBER.start).toBe(at("2026-09-01T00:00:00Z"));
    expect(SEPTEMBER.end).toBe(at("2026-10-01T00:00:00Z"));
  });
});

describe("incidentMetrics: time zone Europe/Berlin", () => {
  const BERLIN = { timezone: "Europe/Berlin", iterations: [] };
  const march = parsePeriod("2026-03", BERLIN);
  const ctx = { ...CTX, period: march, now: at("2026-04-10T00:00:00Z") };

  it("a month starts and ends at local midnight, and loses an hour to DST", () => {
    // 2026-03-01 00:00 CET (UTC+1) = 2026-02-28 23:00 UTC
    expect(march.start).toBe(at("2026-02-28T23:00:00Z"));
    // 2026-04-01 00:00 CEST (UTC+2) = 2026-03-31 22:00 UTC
    expect(march.end).toBe(at("2026-03-31T22:00:00Z"));
    // 31 days × 24 h − 1 h (clocks jump 02:00 → 03:00 on Sunday 29 March) = 743 h
    expect((march.end - march.start) / 3_600_000).toBe(743);
  });

  it.each([
    // 22:59:59 UTC = 23:59:59 CET on 28 February (Berlin): February
    { detected: "2026-02-28T22:59:59Z", counted: 0 },
    // 23:00 UTC = 00:00 CET on 1 March: the first instant of March in Berlin (UTC still says February)
    { detected: "2026-02-28T23:00:00Z", counted: 1 },
    { detected: "2026-02-28T23:30:00Z", counted: 1 }, // 00:30 CET 1 March
    { detected: "2026-03-31T21:59:59Z", counted: 1 }, // 23:59:59 CEST 31 March
    // 22:00 UTC = 00:00 CEST on 1 April: April in Berlin, although UTC still says March
    { detected: "2026-03-31T22:00:00Z", counted: 0 },
    { detected: "2026-03-31T23:30:00Z", counted: 0 }, // 01:30 CEST 1 April
  ])("detected $detected → counted in Berlin March: $counted", ({ detected, counted }) => {
    const values = incidentMetrics([incident("X", { detected_at: at(detected) })], ctx);
    expect(values.incident_count?.value).toBe(counted);
  });

  it("wall-clock times without offset are read in the zone, so a duration across DST is real time", () => {
    const berlin = (local: string) => parseTimestamp(local, "Europe/Berlin") as number;
    const acrossDst = incident("DST", {
      severity: "critical",
      started_at: berlin("2026-03-29T01:30:00"), // CET (UTC+1) → 00:30 UTC
      detected_at: berlin("2026-03-29T03:30:00"), // CEST (UTC+2) → 01:30 UTC
      acknowledged_at: berlin("2026-03-29T03:45:00"), // 01:45 UTC
      recovered_at: berlin("2026-03-29T05:00:00"), // 03:00 UTC
    });
    expect(acrossDst.started_at).toBe(at("2026-03-29T00:30:00Z"));
    expect(acrossDst.detected_at).toBe(at("2026-03-29T01:30:00Z"));
    const values = incidentMetrics([acrossDst], ctx);
    // the clock on the wall says 01:30 → 03:30 = 2 h, but 02:00–03:00 did not exist: 01:30 − 00:30 UTC = 3600 s
    expect(values.mttd?.value).toBe(3600);
    expect(values.mtta?.value).toBe(900); // 03:30 → 03:45 CEST = 900 s
    expect(values.mttrec?.value).toBe(5400); // 01:30 → 03:00 UTC = 1.5 h = 5400 s
    expect(values.incidents_within_sla?.value).toBe(100); // 5400 ≤ 4 h = 14 400 → within
  });

  it("an ISO week across the DST change is 167 hours long", () => {
    // 2026-W13 = Monday 23 March to Monday 30 March; 7 × 24 − 1 = 167 h
    const week = parsePeriod("2026-W13", BERLIN);
    expect(week.start).toBe(at("2026-03-22T23:00:00Z")); // 00:00 CET
    expect(week.end).toBe(at("2026-03-29T22:00:00Z")); // 00:00 CEST
    expect((week.end - week.start) / 3_600_000).toBe(167);
  });
});

describe("incidentMetrics: incident counts and severity", () => {
  const severities = (list: (Severity | null)[]) =>
    list.map((severity, i) => incident(`S${i}`, { severity, detected_at: at("2026-09-10T10:00:00Z") + i }));

  it.each([
    // critical → sev1 and p0_p1; high → p0_p1; medium and unknown → neither
    { list: ["critical", "high", "medium", null], count: 4, sev1: 1, p0p1: 2, unknown: 1 },
    { list: [null, null], count: 2, sev1: 0, p0p1: 0, unknown: 2 },
    // 2 critical + 1 high = 3 P0/P1
    { list: ["critical", "critical", "high", "low", "info"], count: 5, sev1: 2, p0p1: 3, unknown: 0 },
    { list: ["medium", "low", "info"], count: 3, sev1: 0, p0p1: 0, unknown: 0 },
    { list: [], count: 0, sev1: 0, p0p1: 0, unknown: 0 },
  ] as const)("$list → $count incidents, $sev1 SEV1, $p0p1 P0/P1", ({ list, count, sev1, p0p1, unknown }) => {
    const values = incidentMetrics(severities([...list]), CTX);
    expect(values.incident_count).toMatchObject({
      value: count,
      n: count,
      median: null,
      p90: null,
      open: null,
      details: { drills: 0, unknown_severity: unknown },
    });
    expect(values.sev1_incidents).toMatchObject({ value: sev1, details: { drills: 0 } });
    expect(values.p0_p1_incidents).toMatchObject({ value: p0p1, details: { drills: 0 } });
  });

  it("counts the month: A–F production, G a drill", () => {
    const values = incidentMetrics(MONTH, CTX);
    // A, B, C, D, E, F = 6 (G is a drill); F has no severity
    expect(values.incident_count).toMatchObject({ value: 6, details: { drills: 1, unknown_severity: 1 } });
    // A only (G is critical but a drill)
    expect(values.sev1_incidents).toMatchObject({ value: 1, details: { drills: 1 } });
    // A critical + B high + E high = 3
    expect(values.p0_p1_incidents).toMatchObject({ value: 3, details: { drills: 1 } });
  });
});

describe("incidentMetrics: incidents_within_sla", () => {
  const sla = (id: string, severity: Severity | null, detected: string, recovered: string | null) =>
    incident(id, {
      severity,
      detected_at: at(detected),
      recovered_at: recovered === null ? null : at(recovered),
    });

  it.each([
    {
      label: "critical recovered in 3 h 59 min (SLA 4 h) → within",
      incidents: [sla("1", "critical", "2026-09-10T10:00:00Z", "2026-09-10T13:59:00Z")],
      value: 100, // 1 / 1
      details: { within: 1, open_past_deadline: 0, pending: 0, no_severity: 0 },
    },
    {
      label: "critical recovered exactly at the 4 h deadline → within (≤)",
      incidents: [sla("1", "critical", "2026-09-10T10:00:00Z", "2026-09-10T14:00:00Z")],
      value: 100,
      details: { within: 1, open_past_deadline: 0, pending: 0, no_severity: 0 },
    },
    {
      label: "critical recovered 1 s after the 4 h deadline → late",
      incidents: [sla("1", "critical", "2026-09-10T10:00:00Z", "2026-09-10T14:00:01Z")],
      value: 0, // 0 / 1
      details: { within: 0, open_past_deadline: 0, pending: 0, no_severity: 0 },
    },
    {
      label: "high recovered after the period ended, 14 h after detection (SLA 24 h) → within",
      incidents: [sla("1", "high", "2026-09-30T20:00:00Z", "2026-10-01T10:00:00Z")],
      value: 100,
      details: { within: 1, open_past_deadline: 0, pending: 0, no_severity: 0 },
    },
    {
      label: "medium recovered after the period ended, 72 h 1 min after detection (SLA 72 h) → late",
      incidents: [sla("1", "medium", "2026-09-28T00:00:00Z", "2026-10-01T00:01:00Z")],
      value: 0,
      details: { within: 0, open_past_deadline: 0, pending: 0, no_severity: 0 },
    },
    {
      label: "high still open, deadline 09-20 10:00 passed before period end → missed, in the denominator",
      incidents: [sla("1", "high", "2026-09-19T10:00:00Z", null)],
      value: 0, // 0 / 1
      details: { within: 0, open_past_deadline: 1, pending: 0, no_severity: 0 },
    },
    {
      // deadline 09-26 00:00 + 7 d = 10-03 00:00, after the period end 10-01 00:00 (now, 10-05, is past it,
      // but the issue judges open incidents at period end)
      label: "low still open, deadline after period end → pending, not in the denominator",
      incidents: [sla("1", "low", "2026-09-26T00:00:00Z", null)],
      value: null,
      details: { within: 0, open_past_deadline: 0, pending: 1, no_severity: 0 },
    },
    {
      label: "high still open, deadline exactly at period end → pending (not yet past)",
      incidents: [sla("1", "high", "2026-09-30T00:00:00Z", null)], // + 24 h = 10-01 00:00 = period.end
      value: null,
      details: { within: 0, open_past_deadline: 0, pending: 1, no_severity: 0 },
    },
    {
      label: "no severity → no SLA, excluded",
      incidents: [sla("1", null, "2026-09-10T10:00:00Z", "2026-09-10T11:00:00Z")],
      value: null,
      details: { within: 0, open_past_deadline: 0, pending: 0, no_severity: 1 },
    },
    {
      // within: 1 (2 h ≤ 4 h), 2 (1 h ≤ 24 h), 3 (70 h ≤ 72 h); late: 4 (8 d > 7 d);
      // open past deadline: 5 (09-05 04:00 < 10-01); pending: 6 (info, 09-10 + 30 d = 10-10 > 10-01);
      // no severity: 7 → 3 / (3 + 1 + 1) = 3 / 5 = 60 %
      label: "a mix: 3 within, 1 late, 1 open past deadline, 1 pending, 1 without severity → 60 %",
      incidents: [
        sla("1", "critical", "2026-09-01T00:00:00Z", "2026-09-01T02:00:00Z"),
        sla("2", "high", "2026-09-02T00:00:00Z", "2026-09-02T01:00:00Z"),
        sla("3", "medium", "2026-09-03T00:00:00Z", "2026-09-05T22:00:00Z"),
        sla("4", "low", "2026-09-04T00:00:00Z", "2026-09-12T00:00:00Z"),
        sla("5", "critical", "2026-09-05T00:00:00Z", null),
        sla("6", "info", "2026-09-10T00:00:00Z", null),
        sla("7", null, "2026-09-11T00:00:00Z", null),
      ],
      value: 60,
      details: { within: 3, open_past_deadline: 1, pending: 1, no_severity: 1 },
    },
  ])("$label", ({ incidents, value, details }) => {
    const result = incidentMetrics(incidents, CTX).incidents_within_sla;
    expect(result?.value).toBe(value);
    // n = the denominator: within + late + open past deadline
    expect(result?.n).toBe(value === null ? 0 : incidents.length - details.pending - details.no_severity);
    expect(result?.details).toEqual(details);
    if (value === null) {
      expect(result?.reason).toBe("no incident of the period is recovered or past its SLA deadline");
    }
  });

  it.each([
    {
      label: "critical SLA 1 h: recovered after 2 h is late",
      custom: { critical: HOUR },
      incident: sla("1", "critical", "2026-09-10T10:00:00Z", "2026-09-10T12:00:00Z"),
      value: 0, // 7200 > 3600
      defaultValue: 100, // 7200 ≤ 4 h = 14 400
    },
    {
      label: "high SLA 48 h: recovered after 30 h is within",
      custom: { high: 48 * HOUR },
      incident: sla("1", "high", "2026-09-10T10:00:00Z", "2026-09-11T16:00:00Z"),
      value: 100, // 30 h = 108 000 ≤ 172 800
      defaultValue: 0, // 108 000 > 24 h = 86 400
    },
    {
      label: "low SLA 1 d: an open low incident is past its deadline by period end",
      custom: { low: DAY },
      incident: sla("1", "low", "2026-09-26T00:00:00Z", null),
      value: 0, // deadline 09-27 00:00 < 10-01 → missed
      defaultValue: null, // deadline 10-03 00:00 > 10-01 → pending
    },
  ])("custom SLA — $label", ({ custom, incident, value, defaultValue }) => {
    const customCtx = { ...CTX, incidentSla: { ...DEFAULT_INCIDENT_SLA, ...custom } };
    expect(incidentMetrics([incident], customCtx).incidents_within_sla?.value).toBe(value);
    expect(incidentMetrics([incident], CTX).incidents_within_sla?.value).toBe(defaultValue);
  });

  it("the default SLAs are critical 4 h, high 24 h, medium 72 h, low 7 d, info 30 d (seconds)", () => {
    expect(DEFAULT_INCIDENT_SLA).toEqual({
      critical: 14_400, // 4 × 3600
      high: 86_400, // 24 × 3600
      medium: 259_200, // 72 × 3600
      low: 604_800, // 7 × 86 400
      info: 2_592_000, // 30 × 86 400
    });
  });

  it.each([
    // now = 09-15 12:00, inside September: open deadlines are judged at now, not at the period end
    // open high detected 09-14 00:00: deadline 09-15 00:00 < now → missed
    // open high detected 09-15 00:00: deadline 09-16 00:00 > now → pending
    // → 0 / 1 = 0 %
    { now: "2026-09-15T12:00:00Z", value: 0, open_past_deadline: 1, pending: 1 },
    // now = 09-14 12:00: both deadlines (09-15 00:00 and 09-16 00:00) are after now → both pending
    { now: "2026-09-14T12:00:00Z", value: null, open_past_deadline: 0, pending: 2 },
    // now = 09-16 00:00:01: both deadlines have passed → 0 / 2
    { now: "2026-09-16T00:00:01Z", value: 0, open_past_deadline: 2, pending: 0 },
    // now after the period: judged at period end 10-01 → both missed
    { now: "2026-10-05T00:00:00Z", value: 0, open_past_deadline: 2, pending: 0 },
  ])(
    "a running period judges open incidents at now = $now",
    ({ now, value, open_past_deadline, pending }) => {
      const incidents = [
        sla("1", "high", "2026-09-14T00:00:00Z", null),
        sla("2", "high", "2026-09-15T00:00:00Z", null),
      ];
      const result = incidentMetrics(incidents, { ...CTX, now: at(now) }).incidents_within_sla;
      expect(result?.value).toBe(value);
      expect(result?.details).toMatchObject({ open_past_deadline, pending });
    },
  );

  it("the month: A–D within, E open past deadline, F without severity → 4 / 5 = 80 %", () => {
    // A 2 h ≤ 4 h, B 1 h ≤ 24 h, C 12 h ≤ 72 h, D 6 h ≤ 7 d; E high open, deadline 09-29 12:00 < 10-01
    expect(incidentMetrics(MONTH, CTX).incidents_within_sla).toMatchObject({
      value: 80,
      n: 5,
      details: { within: 4, open_past_deadline: 1, pending: 0, no_severity: 1 },
    });
  });
});

describe("alertMetrics", () => {
  it.each([
    {
      label: "10 alerts, 2 escalated, 8 triaged of which 3 false positive",
      tally: { total: 10, escalated: 2, triaged: 8, false_positive: 3 },
      ratio: { value: 20, n: 10 }, // 2 / 10 = 20 %
      fp: { value: 37.5, n: 8 }, // 3 / 8 = 37.5 % (the 2 open alerts are not in the denominator)
    },
    {
      label: "4 alerts all still open, 1 escalated",
      tally: { total: 4, escalated: 1, triaged: 0, false_positive: 0 },
      ratio: { value: 25, n: 4 }, // 1 / 4 = 25 %
      fp: { value: null, n: 0, reason: "no triaged alerts in the period" },
    },
    {
      label: "3 alerts, all false positives, none escalated: 0 % is a real zero",
      tally: { total: 3, escalated: 0, triaged: 3, false_positive: 3 },
      ratio: { value: 0, n: 3 }, // 0 / 3 = 0 %
      fp: { value: 100, n: 3 }, // 3 / 3 = 100 %
    },
    {
      label: "7 alerts, 3 escalated, 6 triaged, 1 false positive",
      tally: { total: 7, escalated: 3, triaged: 6, false_positive: 1 },
      ratio: { value: (3 / 7) * 100, n: 7 }, // 3 / 7 = 42.857… %
      fp: { value: (1 / 6) * 100, n: 6 }, // 1 / 6 = 16.666… %
    },
    {
      label: "zero alerts",
      tally: { total: 0, escalated: 0, triaged: 0, false_positive: 0 },
      ratio: { value: null, n: 0, reason: "no alerts created in the period" },
      fp: { value: null, n: 0, reason: "no triaged alerts in the period" },
    },
  ])("$label", ({ tally, ratio, fp }: { tally: AlertTally; ratio: object; fp: object }) => {
    const values = alertMetrics(tally);
    expect(values.alert_to_incident_ratio).toMatchObject({ reason: null, ...ratio });
    expect(values.alert_to_incident_ratio?.details).toEqual({
      escalated: tally.escalated,
      alerts: tally.total,
    });
    expect(values.false_positive_rate).toMatchObject({ reason: null, ...fp });
    expect(values.false_positive_rate?.details).toEqual({
      false_positive: tally.false_positive,
      triaged: tally.triaged,
    });
    for (const value of Object.values(values)) {
      expect(value).toMatchObject({ median: null, p90: null, open: null, oldest_open_age: null });
    }
  });
});
