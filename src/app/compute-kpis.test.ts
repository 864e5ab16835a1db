import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CATALOG } from "../catalog/metrics.ts";
import { parseConfig } from "../config/load.ts";
import { DETECTION_RESPONSE_METRICS } from "../domains/detection-response/metrics.ts";
import { bufferSource } from "../importers/file-source.ts";
import type { Store } from "../store/store.ts";
import { createTestStore, ENGINES } from "../test-support/engines.ts";
import { computeKpis } from "./compute-kpis.ts";
import { importFile } from "./import-file.ts";

type Report = Awaited<ReturnType<typeof computeKpis>>;
type Metric = Report["metrics"][number];

const at = (iso: string): number => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`bad test timestamp ${iso}`);
  return ms;
};

/*
 * Hand-made incident export, June–October 2026 (UTC). Durations in seconds, worked out by hand:
 *
 *  id     sev       detected          mttd  mtta  mttr   mttrec   SLA (recovery)
 *  I-701  high      07-03 10:00        900   600  3600    14400   4 h ≤ 24 h within
 *  I-702  medium    07-20 16:00        300   300  1800    86400   24 h ≤ 72 h within
 *  I-801  SEV1      08-05 01:20       1200   300  2400    18000   5 h > 4 h late
 *  I-802  low       08-18 12:10        600  1800  7200    86400   24 h ≤ 7 d within
 *  I-803  critical  08-25 10:00       drill (synthetic)
 *  I-901  SEV1      09-01 00:00:00     300   120  1800     7200   2 h ≤ 4 h within (detected at period.start)
 *  I-902  P1        09-09 13:15        900   300  3600    72000   20 h ≤ 24 h within (no offset: read as UTC)
 *  I-903  medium    09-14 09:00     no start  1800  7200   172800   48 h ≤ 72 h within
 *  I-904  high      09-26 00:00        600   300  open     open   deadline 09-27 00:00 < 10-01: missed
 *  I-905  P3 (low)  09-29 10:00        300   900  open     open   deadline 10-06 10:00 > 10-01: pending
 *  I-906  (none)    09-30 23:30        300   600  1200     3600   no severity: no SLA
 *  I-907  SEV1      09-15 10:10       drill (synthetic)
 *  I-908  medium    10-01 00:00:00     600   600  2400     7200   October (detected at period.end of September)
 */
const INCIDENTS_CSV = `id,title,severity,status,started_at,detected_at,acknowledged_at,responded_at,recovered_at,synthetic,service,ticket
I-701,Credential stuffing on login,high,resolved,2026-07-03T09:45:00Z,2026-07-03T10:00:00Z,2026-07-03T10:10:00Z,2026-07-03T11:00:00Z,2026-07-03T14:00:00Z,false,auth,SEC-1
I-702,Leaked API key in a public repo,medium,resolved,2026-07-20T15:55:00Z,2026-07-20T16:00:00Z,2026-07-20T16:05:00Z,2026-07-20T16:30:00Z,2026-07-21T16:00:00Z,false,api,SEC-2
I-801,Ransomware on a build agent,SEV1,resolved,2026-08-05T01:00:00Z,2026-08-05T01:20:00Z,2026-08-05T01:25:00Z,2026-08-05T02:00:00Z,2026-08-05T06:20:00Z,false,ci,SEC-3
I-802,Misconfigured storage bucket,low,resolved,2026-08-18T12:00:00Z,2026-08-18T12:10:00Z,2026-08-18T12:40:00Z,2026-08-18T14:10:00Z,2026-08-19T12:10:00Z,false,storage,SEC-4
I-803,Tabletop: compromised admin,critical,closed,2026-08-25T09:00:00Z,2026-08-25T10:00:00Z,2026-08-25T10:05:00Z,2026-08-25T10:30:00Z,2026-08-25T11:00:00Z,true,auth,DRILL-1
I-901,Phishing: finance mailbox takeover,SEV1,resolved,2026-08-31T23:55:00Z,2026-09-01T00:00:00Z,2026-09-01T00:02:00Z,2026-09-01T00:30:00Z,2026-09-01T02:00:00Z,false,mail,SEC-5
I-902,Suspicious OAuth grant,P1,resolved,2026-09-09T13:00:00Z,2026-09-09T13:15:00,2026-09-09T13:20:00Z,2026-09-09T14:15:00Z,2026-09-10T09:15:00Z,false,sso,SEC-6
I-903,Malware on a laptop,medium,resolved,,2026-09-14T09:00:00Z,2026-09-14T09:30:00Z,2026-09-14T11:00:00Z,2026-09-16T09:00:00Z,false,endpoint,SEC-7
I-904,Data exfiltration attempt,high,investigating,2026-09-25T23:50:00Z,2026-09-26T00:00:00Z,2026-09-26T00:05:00Z,,,false,db,SEC-8
I-905,Outdated TLS on a partner API,P3,open,2026-09-29T09:55:00Z,2026-09-29T10:00:00Z,2026-09-29T10:15:00Z,,,false,api,SEC-9
I-906,Unexplained admin login,,resolved,2026-09-30T23:25:00Z,2026-09-30T23:30:00Z,2026-09-30T23:40:00Z,2026-09-30T23:50:00Z,2026-10-01T00:30:00Z,false,auth,SEC-10
I-907,Red team exercise: lateral movement,SEV1,closed,2026-09-15T10:00:00Z,2026-09-15T10:10:00Z,2026-09-15T10:12:00Z,2026-09-15T10:30:00Z,2026-09-15T11:10:00Z,true,network,DRILL-2
I-908,DDoS on the status page,medium,resolved,2026-09-30T23:50:00Z,2026-10-01T00:00:00Z,2026-10-01T00:10:00Z,2026-10-01T00:40:00Z,2026-10-01T02:00:00Z,false,web,SEC-11
`;

/*
 * Hand-made alert export. September: A-1…A-9 = 9 alerts; escalated (incident_id set), A-7 = 3;
 * open (A-6, and A-8 with no disposition): 2 → triaged 9 − 2 = 7; false positives, A-9 = 3.
 * A-10 is created at 2026-10-01 00:00, the end of September: October.
 * ISO weeks: W36 (08-31…09-07); W37; W38 A-6; W39 (09-21…09-28) A-7.
 */
const ALERTS_CSV = `id,created_at,severity,source,rule,disposition,triaged_at,incident_id
A-1,2026-09-01T00:00:00Z,critical,siem,impossible-travel,true_positive,2026-09-01T00:01:00Z,I-901
A-2,2026-09-03T08:00:00Z,medium,edr,powershell-encoded,false_positive,2026-09-03T09:00:00Z,
A-3,2026-09-05T12:00:00Z,low,waf,sqli-probe,benign,2026-09-05T12:30:00Z,
A-4,2026-09-09T13:10:00Z,high,siem,oauth-consent,true_positive,2026-09-09T13:15:00Z,I-902
A-5,2026-09-12T03:00:00Z,medium,edr,lsass-access,false_positive,2026-09-12T04:00:00Z,
A-6,2026-09-20T18:00:00Z,low,waf,scanner-user-agent,open,,
A-7,2026-09-25T23:55:00Z,high,dlp,bulk-export,true_positive,2026-09-26T00:00:00Z,I-904
A-8,2026-09-28T08:00:00Z,info,siem,new-admin,,,
A-9,2026-09-30T23:59:59Z,medium,edr,unsigned-binary,false_positive,2026-10-01T00:20:00Z,
A-10,2026-10-01T00:00:00Z,high,waf,ddos,false_positive,2026-10-01T00:05:00Z,
`;

const IMPORTED_AT = at("2026-10-02T00:00:00Z");
const NOW = at("2026-10-05T00:00:00Z");
const DEFAULTS = parseConfig({ history: 3 });
const OVERRIDES = parseConfig({
  history: 3,
  categories: { detection_response: { owner: "secops" } },
  metrics: {
    mttd: { target: "< 10m" },
    mtta: { owner: "soc-lead" },
    mttr: { target: "< 1h" },
    incidents_within_sla: { target: ">= 75" },
    mttrec: { hidden: true },
  },
});

const DETECTION_RESPONSE = CATALOG.filter((m) => m.category === "detection_response").map((m) => m.id);
/** The category's metrics read from the incidents and alerts imported here (not the monitoring stack's own). */
const INCIDENT_AND_ALERT_METRICS = DETECTION_RESPONSE_METRICS.map((m) => m.id);
const INCIDENT_METRICS = INCIDENT_AND_ALERT_METRICS.filter(
  (id) => !id.startsWith("alert") && !id.startsWith("false"),
);
const ALERT_METRICS = ["alert_to_incident_ratio", "false_positive_rate"];
const INCIDENT_SOURCES = "incidents-csv, incidents-json, ocsf, pagerduty-incidents, jira-issues";
const ALERT_SOURCES = "alerts-csv, alerts-json, ocsf";

interface Fixture {
  store: Store;
  dispose(): Promise<void>;
  /** Reports computed before anything, and after the incidents only, were imported. */
  beforeImport: Report;
  incidentsOnly: Report;
  importCounts: number[];
}

const fixtures = new Map<string, Fixture>();

function fixture(engine: string): Fixture {
  const found = fixtures.get(engine);
  if (!found) throw new Error(`no store for ${engine}`);
  return found;
}

beforeAll(async () => {
  for (const engine of ENGINES) {
    const { store, dispose } = await createTestStore(engine);
    const september = () => computeKpis(store, "2026-09", { config: DEFAULTS, now: NOW });
    const beforeImport = await september();
    const options = { timezone: "UTC" };
    const incidents = await importFile(store, {
      source: bufferSource("incidents.csv", INCIDENTS_CSV),
      format: "incidents-csv",
      options,
      now: IMPORTED_AT,
    });
    const incidentsOnly = await september();
    const alerts = await importFile(store, {
      source: bufferSource("alerts.csv", ALERTS_CSV),
      format: "alerts-csv",
      options,
      now: IMPORTED_AT,
    });
    fixtures.set(engine.name, {
      store,
      dispose,
      beforeImport,
      incidentsOnly,
      importCounts: [incidents.import.records, alerts.import.records],
    });
  }
});

afterAll(async () => {
  for (const { dispose } of fixtures.values()) await dispose();
});

function metric(report: Report, id: string): Metric {
  const found = report.metrics.find((m) => m.id === id);
  if (!found) throw new Error(`${id} is not in the report`);
  return found;
}

const history = (m: Metric) => m.history.map((h) => h.value);

/** The fields of one metric the tables below pin down; a percentage is compared to 9 decimals. */
interface Expected {
  id: string;
  value: number | null;
  n: number | null;
  median?: number | null;
  p90?: number | null;
  open?: number | null;
  oldest_open_age?: number | null;
  history: (number | null)[];
  status: string;
  trend: string;
}

function expectMetric(report: Report, expected: Expected): void {
  const { id, history: values, value, ...rest } = expected;
  const m = metric(report, id);
  if (value === null || Number.isInteger(value)) expect(m.value, id).toBe(value);
  else expect(m.value, id).toBeCloseTo(value, 9);
  expect(m, id).toMatchObject(rest);
  expect(history(m).length, id).toBe(values.length);
  history(m).forEach((v, i) => {
    const want = values[i] ?? null;
    if (want === null || Number.isInteger(want)) expect(v, `${id} history ${i}`).toBe(want);
    else expect(v, `${id} history ${i}`).toBeCloseTo(want, 9);
  });
}

/*
 * September 2026 with history 3 (June, July, August). June precedes the first incident (07-03) and
 * every month before September precedes the first alert (09-01): no data, null — not 0.
 *
 * Trends over the non-null values; every one is within its limits and no run rule fires.
 * XmR for the durations:
 *   mttd   600, 900, 480:   mean 660, mR̄ (300 + 420) / 2 = 360, ±2.66 × 360 = ±957.6, half ±478.8
 *   mtta   450, 1050, 670:  mean 723.3, mR̄ (600 + 380) / 2 = 490, half-way lines 71.6 … 1375.0
 *   mttr   2700, 4800, 3450: mean 3650, mR̄ (2100 + 1350) / 2 = 1725, half-way lines 1355.75 … 5944.25
 *   mttrec 50400, 52200, 63900: mean 55500, mR̄ (1800 + 11700) / 2 = 6750, upper half-way 64477.5
 * c-chart (Poisson) for the counts; σZ = mR̄ of z = (c − c̄)/√c̄, over 1.128, is below 1 for each:
 *   incident_count 2, 2, 6: c̄ 10/3 = 3.333, √c̄ 1.8257 → upper 8.81, half-way 6.07 (6 inside);
 *                  z moving ranges 0, 2.191 → σZ 0.971
 *   sev1 0, 1, 1: c̄ 0.667, √c̄ 0.8165 → upper 3.12, half-way 1.89; σZ 0.543
 *   p0_p1 1, 1, 3: c̄ 1.667, √c̄ 1.291 → upper 5.54, half-way 3.60; σZ 0.687
 * p-chart for the percentages, but each has fewer than 10 in its denominator (min_proportion_count):
 *   within_sla 3 of 4, alerts 3 of 9 and 3 of 7 → insufficient_data, "too few to judge"
 */
const SEPTEMBER: Expected[] = [
  {
    id: "mttd",
    // 300 + 900 + 600 + 300 + 300 = 2400 / 5 = 480 (I-903 has no started_at; drill I-907 excluded)
    // sorted 300, 300, 300, 600, 900 → median 300; p90 rank ⌈4.5⌉ = 5 → 900
    value: 480,
    n: 5,
    median: 300,
    p90: 900,
    open: 0,
    oldest_open_age: null,
    // July (900 + 300) / 2 = 600; August (1200 + 600) / 2 = 900
    history: [null, 600, 900],
    status: "missed", // 480 is not < 300
    trend: "stable",
  },
  {
    id: "mtta",
    // 120 + 300 + 1800 + 300 + 900 + 600 = 4020 / 6 = 670
    // sorted 120, 300, 300, 600, 900, 1800 → median (300 + 600) / 2 = 450; p90 rank ⌈5.4⌉ = 6 → 1800
    value: 670,
    n: 6,
    median: 450,
    p90: 1800,
    open: 0,
    // July (600 + 300) / 2 = 450; August (300 + 1800) / 2 = 1050
    history: [null, 450, 1050],
    status: "no_target",
    trend: "stable",
  },
  {
    id: "mttr",
    // 1800 + 3600 + 7200 + 1200 = 13 800 / 4 = 3450; I-904 and I-905 open
    // sorted 1200, 1800, 3600, 7200 → median (1800 + 3600) / 2 = 2700; p90 rank ⌈3.6⌉ = 4 → 7200
    // oldest open: I-904, now 10-05 00:00 − 09-26 00:00 = 9 d = 777 600 s
    value: 3450,
    n: 4,
    median: 2700,
    p90: 7200,
    open: 2,
    oldest_open_age: 777_600,
    // July (3600 + 1800) / 2 = 2700; August (2400 + 7200) / 2 = 4800
    history: [null, 2700, 4800],
    status: "missed", // 3450 is not < 1800
    trend: "stable",
  },
  {
    id: "mttrec",
    // 7200 + 72 000 + 172 800 + 3600 = 255 600 / 4 = 63 900
    // sorted 3600, 7200, 72 000, 172 800 → median (7200 + 72 000) / 2 = 39 600; p90 rank 4 → 172 800
    value: 63_900,
    n: 4,
    median: 39_600,
    p90: 172_800,
    open: 2,
    oldest_open_age: 777_600,
    // July (14 400 + 86 400) / 2 = 50 400; August (18 000 + 86 400) / 2 = 52 200
    history: [null, 50_400, 52_200],
    status: "no_target",
    trend: "stable",
  },
  {
    id: "incident_count",
    // I-901…I-906 = 6 (drill I-907 excluded, I-908 is October)
    value: 6,
    n: 6,
    median: null,
    p90: null,
    open: null,
    history: [null, 2, 2], // July 2; August 2 (I-803 is a drill)
    status: "no_target",
    trend: "stable",
  },
  {
    id: "sev1_incidents",
    value: 1, // I-901 (SEV1); the SEV1 drill I-907 does not count
    n: 1,
    history: [null, 0, 1], // July none; August I-801
    status: "missed", // 1 ≠ 0
    trend: "stable",
  },
  {
    id: "p0_p1_incidents",
    value: 3, // I-901 SEV1, I-902 P1, I-904 high
    n: 3,
    history: [null, 1, 1], // July I-701; August I-801
    status: "no_target",
    trend: "stable",
  },
  {
    id: "incidents_within_sla",
    // within: I-901, I-902, I-903; missed: I-904 (open past deadline) → 3 / 4 = 75 %
    // I-905 pending, I-906 without severity: not in the denominator
    value: 75,
    n: 4,
    // July 2 / 2 = 100 %; August I-802 within, I-801 late → 1 / 2 = 50 %
    history: [null, 100, 50],
    status: "missed", // 75 is not ≥ 100
    trend: "insufficient_data", // too few to judge: 3 of 4
  },
  {
    id: "alert_to_incident_ratio",
    value: (3 / 9) * 100, // 3 escalated of 9 = 33.33 %
    n: 9,
    median: null,
    p90: null,
    open: null,
    history: [null, null, null],
    status: "no_target",
    trend: "insufficient_data", // too few to judge: 3 of 9, even for a baseline
  },
  {
    id: "false_positive_rate",
    value: (3 / 7) * 100, // 3 false positives of 7 triaged = 42.86 % (2 open alerts left out)
    n: 7,
    history: [null, null, null],
    status: "missed", // 42.86 is not < 20
    trend: "insufficient_data", // too few to judge: 3 of 7
  },
];

describe.each(ENGINES)("computeKpis on $name", (engine) => {
  const f = () => fixture(engine.name);
  const september = (config = DEFAULTS, now = NOW) => computeKpis(f().store, "2026-09", { config, now });

  it("imported the two hand-made files whole", () => {
    expect(f().importCounts).toEqual([13, 10]); // I-701…I-908: 13 rows; A-1…A-10: 10 rows
  });

  describe("before any import: every metric is no_data, never 0", () => {
    it.each(CATALOG.map((m) => m.id))("%s", (id) => {
      const m = metric(f().beforeImport, id);
      expect(m).toMatchObject({ value: null, status: "no_data", trend: "insufficient_data" });
      expect(m.reason).toMatch(/^no source imported yet/);
      expect(history(m)).toEqual([null, null, null]);
    });

    it("names the formats to import", () => {
      const report = f().beforeImport;
      expect(metric(report, "mttd").reason).toBe(`no source imported yet: import ${INCIDENT_SOURCES}`);
      expect(metric(report, "false_positive_rate").reason).toBe(
        `no source imported yet: import ${ALERT_SOURCES}`,
      );
    });
  });

  it("with incidents only, the alert metrics still say which source is missing", () => {
    const report = f().incidentsOnly;
    expect(metric(report, "mttd").value).toBe(480); // as in September below
    for (const id of ALERT_METRICS) {
      expect(metric(report, id)).toMatchObject({
        value: null,
        status: "no_data",
        reason: `no source imported yet: import ${ALERT_SOURCES}`,
      });
    }
  });

  describe("2026-09, default config", () => {
    let report: Report;
    beforeAll(async () => {
      report = await september();
    });

    it("has the JSON shape of the issue", () => {
      const json = JSON.parse(JSON.stringify(report));
      expect(json.period).toEqual({
        id: "2026-09",
        kind: "month",
        start: at("2026-09-01T00:00:00Z"),
        end: at("2026-10-01T00:00:00Z"),
      });
      // every catalog metric, in catalog order
      expect(json.metrics.map((m: { id: string }) => m.id)).toEqual(CATALOG.map((m) => m.id));
      const fields = [
        "id",
        "name",
        "category",
        "unit",
        "value",
        "n",
        "median",
        "p90",
        "open",
        "target",
        "direction",
        "status",
        "trend",
        "history",
        "owner",
      ];
      for (const m of json.metrics) {
        for (const field of fields) expect(m, `${m.id}.${field}`).toHaveProperty(field);
        for (const field of fields) expect(m[field], `${m.id}.${field}`).not.toBeUndefined();
        expect(m.history.map((h: { period: string }) => h.period)).toEqual(["2026-06", "2026-07", "2026-08"]);
        // Each past period with its own target status and trend, judged on the series up to it.
        for (const h of m.history)
          expect(Object.keys(h).sort()).toEqual(["period", "status", "trend", "value"]);
      }
      expect(json.metrics[0]).toMatchObject({
        id: "mttd",
        name: "Mean time to detect",
        category: "detection_response",
        unit: "seconds",
        direction: "down",
        target: { op: "<", value: 300 }, // built-in: < 5 min
        owner: null,
      });
    });

    it.each(SEPTEMBER)("$id = $value ($status, $trend)", (expected) => {
      expectMetric(report, expected);
    });

    it("counts the missing start and reports the drill apart", () => {
      // I-903 lacks started_at; drill I-907: 10:00 → 10:10 = 600 s
      expect(metric(report, "mttd").details).toEqual({
        missing_start: 1,
        drills: { n: 1, value: 600, open: 0 },
      });
      // I-906 has no severity
      expect(metric(report, "incident_count").details).toEqual({ drills: 1, unknown_severity: 1 });
      expect(metric(report, "incidents_within_sla").details).toEqual({
        within: 3,
        open_past_deadline: 1,
        pending: 1,
        no_severity: 1,
      });
      // the open alerts leave the false-positive denominator: 9 − 2 = 7
      expect(metric(report, "false_positive_rate").details).toEqual({ false_positive: 3, triaged: 7 });
      expect(metric(report, "alert_to_incident_ratio").details).toEqual({ escalated: 3, alerts: 9 });
    });

    it("every metric without a source is no_data with the reason, never 0", () => {
      // near_miss_ratio reads the incidents imported here: no near-miss among them, so no data either;
      // near_misses_reported_by_staff reads them too, and without a roster says it has none.
      const readIncidents = ["near_miss_ratio", "near_misses_reported_by_staff"];
      const others = report.metrics.filter(
        (m) => m.category !== "detection_response" && !readIncidents.includes(m.id),
      );
      expect(others.length).toBe(CATALOG.length - DETECTION_RESPONSE.length - readIncidents.length);
      expect(metric(report, "near_miss_ratio")).toMatchObject({ value: null, status: "no_data" });
      expect(metric(report, "near_misses_reported_by_staff")).toMatchObject({
        value: null,
        status: "no_data",
        reason: "no people roster to tell staff from the security team",
      });
      for (const m of others) {
        expect(m, m.id).toMatchObject({ value: null, status: "no_data", trend: "insufficient_data" });
        expect(m.reason, m.id).toMatch(/^no source imported yet/);
        expect(history(m), m.id).toEqual([null, null, null]);
      }
    });

    it("is not stale: the data runs to the period's end (I-908 and A-10, 10-01 00:00)", () => {
      for (const id of INCIDENT_AND_ALERT_METRICS) {
        expect(metric(report, id).status, id).not.toBe("stale");
        expect(metric(report, id).data_end, id).toBe(at("2026-10-01T00:00:00Z"));
        expect(metric(report, id).last_import_at, id).toBe(IMPORTED_AT);
      }
    });
  });

  it("2026-09 with min_proportion_count 1: a p-chart over each month's own denominator", async () => {
    const report = await september(parseConfig({ history: 3, min_proportion_count: 1 }));
    // incidents_within_sla: July 2 of 2, August 1 of 2, September 3 of 4 → p̄ = 6 / 8 = 0.75
    // σ at n = 4: √(0.75 · 0.25 / 4) = 21.6506 %; at n = 2: √(0.1875 / 2) = 30.6186 %
    // z = (100 − 75)/30.6186 = 0.8165, (50 − 75)/30.6186 = −0.8165, 0 → moving ranges 1.6330, 0.8165
    // → mR̄ 1.22474 → σZ = 1.22474 / 1.128 = 1.08577 > 1: Laney p′
    // September's lines: 75 ± 3 · 21.6506 · 1.08577 = 75 ± 70.5226 → 4.4774 to 100 (ceiling; 145.52)
    const sla = metric(report, "incidents_within_sla");
    expect(sla.trend).toBe("stable");
    expect(sla.trend_detail.limits).toMatchObject({ chart: "p", laney: true, centre: 75, upper: 100 });
    expect(sla.trend_detail.limits?.sigmaZ).toBeCloseTo(1.08577, 5);
    expect(sla.trend_detail.limits?.lower).toBeCloseTo(4.4774, 4);
    // July's whole is 2: its lower limit is 75 − 3 · 30.6186 · 1.08577 = −24.74 → 0
    expect(sla.trend_detail.limits?.points.map((p) => [p.period, p.lower])).toEqual([
      ["2026-07", 0],
      ["2026-08", 0],
      ["2026-09", expect.closeTo(4.4774, 4)],
    ]);
    expect(sla.reason).toBeNull();
    // the alerts' first month is judged now: 3 of 9 sets the baseline
    expect(metric(report, "alert_to_incident_ratio").trend).toBe("baseline_set");
  });

  it("2026-09 with owner and target overrides, and a hidden metric", async () => {
    const report = await september(OVERRIDES);
    const ids = report.metrics.map((m) => m.id);
    expect(ids).not.toContain("mttrec");
    expect(ids.length).toBe(CATALOG.length - 1);
    // "< 10m" = < 600 s: 480 < 600 → met
    expect(metric(report, "mttd")).toMatchObject({ target: { op: "<", value: 600 }, status: "met" });
    // "< 1h" = < 3600 s: 3450 < 3600 → met
    expect(metric(report, "mttr")).toMatchObject({ target: { op: "<", value: 3600 }, status: "met" });
    // ">= 75": 75 ≥ 75 → met (the boundary counts)
    expect(metric(report, "incidents_within_sla")).toMatchObject({
      target: { op: ">=", value: 75 },
      status: "met",
    });
    // a metric's own owner wins over its category's
    expect(metric(report, "mtta").owner).toBe("soc-lead");
    for (const id of DETECTION_RESPONSE.filter((id) => id !== "mtta" && id !== "mttrec")) {
      expect(metric(report, id).owner, id).toBe("secops");
    }
    for (const m of report.metrics.filter((m) => m.category !== "detection_response")) {
      expect(m.owner, m.id).toBeNull();
    }
    // values do not depend on the config's owners and targets
    expect(metric(report, "mttd").value).toBe(480);
  });

  it("2026-07: the first period with data sets the baseline; alerts come later", async () => {
    const report = await computeKpis(f().store, "2026-07", { config: DEFAULTS, now: NOW });
    expect(report.metrics[0]?.history.map((h) => h.period)).toEqual(["2026-04", "2026-05", "2026-06"]);
    for (const id of INCIDENT_METRICS.filter((id) => id !== "incidents_within_sla")) {
      expect(metric(report, id).trend, id).toBe("baseline_set");
      expect(history(metric(report, id)), id).toEqual([null, null, null]);
    }
    expectMetric(report, {
      id: "mttd",
      value: 600, // (900 + 300) / 2
      n: 2,
      median: 600, // (300 + 900) / 2
      p90: 900, // rank ⌈1.8⌉ = 2
      history: [null, null, null],
      status: "missed", // 600 is not < 300
      trend: "baseline_set",
    });
    expect(metric(report, "incident_count").value).toBe(2);
    expect(metric(report, "incidents_within_sla")).toMatchObject({
      value: 100, // 2 / 2
      trend: "insufficient_data",
      trend_detail: { reason: "too few to judge: 2 of 2 (fewer than 10)" },
    });
    // alerts start 09-01: July is before the first alert, not a month of zero alerts
    for (const id of ALERT_METRICS) {
      expect(metric(report, id), id).toMatchObject({
        value: null,
        status: "no_data",
        trend: "insufficient_data",
        reason: "before the first imported record",
      });
    }
  });

  it("2026-Q3 with history 3 (2025-Q4 … 2026-Q2)", async () => {
    const report = await computeKpis(f().store, "2026-Q3", { config: DEFAULTS, now: NOW });
    expect(report.period).toEqual({
      id: "2026-Q3",
      kind: "quarter",
      start: at("2026-07-01T00:00:00Z"),
      end: at("2026-10-01T00:00:00Z"),
    });
    expect(report.metrics[0]?.history.map((h) => h.period)).toEqual(["2025-Q4", "2026-Q1", "2026-Q2"]);
    const none = [null, null, null]; // all three quarters end before the first incident (07-03)
    const expected: Expected[] = [
      {
        id: "mttd",
        // July 900, 300; August 1200, 600; September 300, 900, 600, 300, 300
        // (1200 + 1800 + 2400) / 9 = 5400 / 9 = 600
        // sorted 300 ×4, 600 ×2, 900 ×2, 1200 → median (5th) 600; p90 rank ⌈8.1⌉ = 9 → 1200
        value: 600,
        n: 9,
        median: 600,
        p90: 1200,
        open: 0,
        history: none,
        status: "missed", // 600 is not < 300
        trend: "baseline_set",
      },
      {
        id: "mtta",
        // July 600, 300; August 300, 1800; September 120, 300, 1800, 300, 900, 600
        // (900 + 2100 + 4020) / 10 = 7020 / 10 = 702
        // sorted 120, 300 ×4, 600 ×2, 900, 1800 ×2 → median (300 + 600) / 2 = 450; p90 rank 9 → 1800
        value: 702,
        n: 10,
        median: 450,
        p90: 1800,
        open: 0,
        history: none,
        status: "no_target",
        trend: "baseline_set",
      },
      {
        id: "mttr",
        // July 3600, 1800; August 2400, 7200; September 1800, 3600, 7200, 1200
        // (5400 + 9600 + 13 800) / 8 = 28 800 / 8 = 3600
        // sorted 1200, 1800, 1800, 2400, 3600, 3600, 7200, 7200 → median (2400 + 3600) / 2 = 3000;
        // p90 rank ⌈7.2⌉ = 8 → 7200
        value: 3600,
        n: 8,
        median: 3000,
        p90: 7200,
        open: 2,
        oldest_open_age: 777_600,
        history: none,
        status: "missed",
        trend: "baseline_set",
      },
      {
        id: "mttrec",
        // (14 400 + 86 400 + 18 000 + 86 400 + 7200 + 72 000 + 172 800 + 3600) / 8 = 460 800 / 8 = 57 600
        // sorted 3600, 7200, 14 400, 18 000, 72 000, 86 400, 86 400, 172 800
        // → median (18 000 + 72 000) / 2 = 45 000; p90 rank 8 → 172 800
        value: 57_600,
        n: 8,
        median: 45_000,
        p90: 172_800,
        open: 2,
        history: none,
        status: "no_target",
        trend: "baseline_set",
      },
      { id: "incident_count", value: 10, n: 10, history: none, status: "no_target", trend: "baseline_set" }, // 2 + 2 + 6
      { id: "sev1_incidents", value: 2, n: 2, history: none, status: "missed", trend: "baseline_set" }, // I-801, I-901
      // I-701, I-801, I-901, I-902, I-904
      { id: "p0_p1_incidents", value: 5, n: 5, history: none, status: "no_target", trend: "baseline_set" },
      // within: July 2 + August 1 + September 3 = 6; judged 2 + 2 + 4 = 8 → 6 / 8 = 75 %
      // 6 of 8: too few to judge, even for a baseline
      {
        id: "incidents_within_sla",
        value: 75,
        n: 8,
        history: none,
        status: "missed",
        trend: "insufficient_data",
      },
      // the quarter's alerts are September's
      {
        id: "alert_to_incident_ratio",
        value: (3 / 9) * 100,
        n: 9,
        history: none,
        status: "no_target",
        trend: "insufficient_data", // 3 of 9
      },
      {
        id: "false_positive_rate",
        value: (3 / 7) * 100,
        n: 7,
        history: none,
        status: "missed",
        trend: "insufficient_data", // 3 of 7
      },
    ];
    for (const row of expected) expectMetric(report, row);
  });

  it("2026-W39 with history 3 (W36 … W38)", async () => {
    const report = await computeKpis(f().store, "2026-W39", { config: DEFAULTS, now: NOW });
    // ISO week 39 of 2026: Monday 21 September to Monday 28 September
    expect(report.period).toEqual({
      id: "2026-W39",
      kind: "week",
      start: at("2026-09-21T00:00:00Z"),
      end: at("2026-09-28T00:00:00Z"),
    });
    expect(report.metrics[0]?.history.map((h) => h.period)).toEqual(["2026-W36", "2026-W37", "2026-W38"]);
    // W36 (08-31…09-07): I-901; W37: I-902; W38: I-903 (and drill I-907); W39: I-904 only
    // Trends (XmR): mttd 300, 900, 600: mean 600 = the last value → stable; mtta 120, 300, 1800, 300:
    // mean 630, mR̄ 1060, half-way lines −779.8 … 2039.8 → stable. (c-chart): incident_count 1, 1, 1, 1:
    // c̄ 1 → limits 0 (floor) to 4, σZ 0 → stable; sev1 1, 0, 0, 0: c̄ 0.25, √c̄ 0.5 → upper 1.75 → stable;
    // p0_p1 1, 1, 0, 1: c̄ 0.75, √c̄ 0.866 → upper 3.35 → stable. The percentages are each of 1 → too few.
    const expected: Expected[] = [
      // I-904: 09-25 23:50 → 09-26 00:00 = 600; history I-901 300, I-902 900, I-903 no start → null
      {
        id: "mttd",
        value: 600,
        n: 1,
        median: 600,
        p90: 600,
        history: [300, 900, null],
        status: "missed",
        trend: "stable",
      },
      // I-904 300; history 120, 300, 1800
      { id: "mtta", value: 300, n: 1, history: [120, 300, 1800], status: "no_target", trend: "stable" },
      {
        id: "mttr",
        // I-904 has not responded: no value, 1 open, 9 days old at now (10-05)
        value: null,
        n: 0,
        open: 1,
        oldest_open_age: 777_600,
        history: [1800, 3600, 7200],
        status: "no_data",
        trend: "insufficient_data",
      },
      {
        id: "mttrec",
        value: null,
        n: 0,
        open: 1,
        history: [7200, 72_000, 172_800],
        status: "no_data",
        trend: "insufficient_data",
      },
      // one incident a week: [1, 1, 1, 1], Poisson limits 1 ± 3 → 0 to 4 → stable
      { id: "incident_count", value: 1, n: 1, history: [1, 1, 1], status: "no_target", trend: "stable" },
      { id: "sev1_incidents", value: 0, n: 0, history: [1, 0, 0], status: "met", trend: "stable" }, // 0 == 0
      { id: "p0_p1_incidents", value: 1, n: 1, history: [1, 1, 0], status: "no_target", trend: "stable" },
      // I-904 high: deadline 09-27 00:00 < week end 09-28 → missed, 0 / 1; earlier weeks each 1 / 1 within.
      // 0 of 1: too few to judge (one incident cannot tell a bad week from noise)
      {
        id: "incidents_within_sla",
        value: 0,
        n: 1,
        history: [100, 100, 100],
        status: "missed",
        trend: "insufficient_data",
      },
      // A-7 escalated: 1 / 1; W36 1 / 3, W37 1 / 2, W38 0 / 1
      {
        id: "alert_to_incident_ratio",
        value: 100,
        n: 1,
        history: [(1 / 3) * 100, 50, 0],
        status: "no_target",
        trend: "insufficient_data", // 1 of 1
      },
      // A-7 true positive: 0 / 1; W36 A-2 of 3 triaged; W37 A-5 of 2; W38 only the open A-6 → null
      {
        id: "false_positive_rate",
        value: 0,
        n: 1,
        history: [(1 / 3) * 100, 50, null],
        status: "met",
        trend: "insufficient_data", // 0 of 1
      },
    ];
    for (const row of expected) expectMetric(report, row);
    expect(metric(report, "mttr").reason).toBe(
      "no incident of the period has both detected_at and responded_at",
    );
  });

  describe("stale: the data ends more than the cadence before the period's end (or now)", () => {
    // Both exports end on 10-01 00:00 (I-908 detected, A-10 created), whatever the import time (10-02);
    // alerts are expected every 7 d, incidents every 28 d (built-in cadences).
    it.each([
      // October running, now 10-05: 10-05 − 10-01 = 4 d ≤ 7 d → fresh
      { period: "2026-10", now: "2026-10-05T00:00:00Z", alerts: false, incidents: false },
      // now 10-08 00:00: exactly 7 d → not older than the cadence → fresh
      { period: "2026-10", now: "2026-10-08T00:00:00Z", alerts: false, incidents: false },
      // one millisecond later: older than 7 d → alerts stale; incidents 7 d ≤ 28 d → fresh
      { period: "2026-10", now: "2026-10-08T00:00:00.001Z", alerts: true, incidents: false },
      // now 10-29 00:00: exactly 28 d → incidents fresh; a millisecond later stale
      { period: "2026-10", now: "2026-10-29T00:00:00Z", alerts: true, incidents: false },
      { period: "2026-10", now: "2026-10-29T00:00:00.001Z", alerts: true, incidents: true },
      // November, now 12-10: judged at the period end 12-01: 12-01 − 10-01 = 61 d > 28 d → both stale
      { period: "2026-11", now: "2026-12-10T00:00:00Z", alerts: true, incidents: true },
      // September judged long after: the data runs to its end (10-01) → fresh
      { period: "2026-09", now: "2027-03-01T00:00:00Z", alerts: false, incidents: false },
    ])("$period at now $now: alerts stale $alerts, incidents stale $incidents", async (row) => {
      const report = await computeKpis(f().store, row.period, { config: DEFAULTS, now: at(row.now) });
      for (const id of ALERT_METRICS) expect(metric(report, id).status === "stale", id).toBe(row.alerts);
      for (const id of INCIDENT_METRICS)
        expect(metric(report, id).status === "stale", id).toBe(row.incidents);
    });

    it("a stale metric has no value and says when its data ends", async () => {
      const report = await computeKpis(f().store, "2026-10", {
        config: DEFAULTS,
        now: at("2026-10-20T00:00:00Z"),
      });
      // October holds A-10 (a false positive, not escalated), but 10-20 − 10-01 = 19 d > 7 d: no value.
      const reason = "last alert: 2026-10-01 (19 days before now; expected at least every 7 d)";
      for (const id of ALERT_METRICS)
        expect(metric(report, id), id).toMatchObject({
          value: null,
          n: null,
          status: "stale",
          trend: "insufficient_data",
          reason,
          data_end: at("2026-10-01T00:00:00Z"),
          last_import_at: IMPORTED_AT,
        });
      // incidents are fresh: I-908 09-30 23:50 → 10-01 00:00 = 600 s, not < 300 → missed
      expect(metric(report, "mttd")).toMatchObject({ value: 600, n: 1, status: "missed", reason: null });
      expect(metric(report, "incident_count")).toMatchObject({ value: 1, status: "no_target" });
    });

    it("stale wins over no_data, and names the date in the configured time zone", async () => {
      const november = { period: "2026-11", now: at("2026-12-10T00:00:00Z") };
      const report = await computeKpis(f().store, november.period, { config: DEFAULTS, now: november.now });
      // 10-01 00:00 → 12-01 00:00 = 31 + 30 = 61 d
      expect(metric(report, "mttd")).toMatchObject({
        value: null,
        status: "stale",
        reason: "last incident: 2026-10-01 (61 days before the period's end; expected at least every 28 d)",
      });
      // In New York the period ends 12-01 05:00 UTC and I-908 (10-01 00:00 UTC) is 09-30 20:00 local:
      // 61 d 5 h → 61 days.
      const newYork = parseConfig({ history: 3, timezone: "America/New_York" });
      const local = await computeKpis(f().store, november.period, { config: newYork, now: november.now });
      expect(metric(local, "mttd").reason).toBe(
        "last incident: 2026-09-30 (61 days before the period's end; expected at least every 28 d)",
      );
    });

    it("leaves the periods after the data ends out of the history, so no trend runs on zeros", async () => {
      // December, with September, October and November before it. September ends where the data does
      // (10-01): fresh. October holds I-908 (10-01 00:00) but ends 31 d after it, > 28 d: stale, like
      // November (61 d) and December (judged at 01-01: 92 d). Not 1, 0, 0, 0.
      const report = await computeKpis(f().store, "2026-12", {
        config: DEFAULTS,
        now: at("2027-01-10T00:00:00Z"),
      });
      expectMetric(report, {
        id: "incident_count",
        value: null,
        n: null,
        history: [6, null, null], // September: I-901…I-906
        status: "stale",
        trend: "insufficient_data",
      });
      expectMetric(report, {
        id: "sev1_incidents",
        value: null,
        n: null,
        history: [1, null, null], // September: I-901
        status: "stale",
        trend: "insufficient_data",
      });
      expect(metric(report, "sev1_incidents").reason).toBe(
        "last incident: 2026-10-01 (92 days before the period's end; expected at least every 28 d)",
      );
    });
  });
});

it("SQLite and PostgreSQL give identical results", async () => {
  const cases = [
    { period: "2026-09", config: DEFAULTS, now: NOW },
    { period: "2026-09", config: OVERRIDES, now: NOW },
    { period: "2026-Q3", config: DEFAULTS, now: NOW },
    { period: "2026-W39", config: DEFAULTS, now: NOW },
    { period: "2026-10", config: DEFAULTS, now: at("2026-10-20T00:00:00Z") },
  ];
  expect(ENGINES.map((e) => e.name)).toEqual(["sqlite", "postgres"]);
  for (const { period, config, now } of cases) {
    const [sqlite, postgres] = await Promise.all(
      ENGINES.map(async (engine) =>
        JSON.stringify(await computeKpis(fixture(engine.name).store, period, { config, now })),
      ),
    );
    expect(postgres, period).toBe(sqlite);
  }
});
