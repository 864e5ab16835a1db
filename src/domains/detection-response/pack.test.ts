import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../config/load.ts";
import { type Period, parsePeriod } from "../../model/period.ts";
import type { Store } from "../../store/store.ts";
import { createTestStore, ENGINES } from "../../test-support/engines.ts";
import { buildAlert, buildImport, buildIncident } from "../../test-support/records.ts";
import type { MetricFamily } from "../domain-pack.ts";
import { alertMetrics, DEFAULT_INCIDENT_SLA, incidentMetrics } from "./compute.ts";
import { detectionResponse } from "./pack.ts";
import { incidentsDetected } from "./queries.ts";
import { ALERT, type Alert } from "./records.ts";

const NOW = Date.parse("2026-11-20T12:00:00Z");
const HOUR = 3_600_000;
const config = parseConfig({ incident_sla: { high: 2 * 3600 } });

/**
 * Instants on the edges of the periods below: local midnights that start a
 * month or an ISO week in New York (UTC−4 in October, UTC−5 from 1 November,
 * when daylight saving ends) and Chatham (UTC+13:45 in October), and one
 * millisecond before them.
 */
const EDGES = [
  "2026-09-01T04:00:00Z", // 2026-09 starts, New York
  "2026-10-01T04:00:00Z", // 2026-10 starts, New York
  "2026-11-01T04:00:00Z", // 2026-11 starts, New York (still UTC−4 at midnight)
  "2026-10-04T10:15:00Z", // 2026-W41 starts, Chatham (Monday 5 October 00:00 +13:45)
  "2026-10-11T10:15:00Z", // 2026-W42 starts, Chatham
].flatMap((iso) => [Date.parse(iso) - 1, Date.parse(iso)]);

/**
 * Incidents and alerts across August–November 2026: one of each kind on
 * every edge, and every 19 hours a production incident or a drill, with or
 * without a start, severity, recovery (some late for the 2-hour SLA of a
 * high one) — nothing in the second half of September, so some weeks are empty.
 */
function records() {
  const instants = [...EDGES];
  for (let at = Date.parse("2026-08-03T00:00:00Z"); at < Date.parse("2026-11-25T00:00:00Z"); at += 19 * HOUR)
    if (at < Date.parse("2026-09-14T00:00:00Z") || at >= Date.parse("2026-10-01T00:00:00Z"))
      instants.push(at);
  const severities = ["critical", "high", "medium", null, "low", "info"] as const;
  const dispositions = ["open", "true_positive", "false_positive", "benign"] as const;
  return instants.map((at, n) => ({
    incident: buildIncident({
      external_id: `INC-${n}`,
      detected_at: at,
      severity: severities[n % severities.length] ?? null,
      synthetic: n % 7 === 0,
      started_at: n % 5 === 0 ? null : at - (n % 11) * 60_000,
      acknowledged_at: at + (n % 13) * 60_000,
      responded_at: n % 9 === 0 ? null : at + (n % 17) * 300_000,
      recovered_at: n % 4 === 0 ? null : at + (n % 3) * HOUR + (n % 23) * 60_000,
    }),
    alert: buildAlert({
      external_id: `ALR-${n}`,
      created_at: at,
      disposition: dispositions[n % dispositions.length] ?? "open",
      incident_id: n % 3 === 0 ? `INC-${n}` : null,
    }),
  }));
}

/** Overlapping, empty, running and before-the-data periods, in two zones, months, weeks and a quarter. */
function periods(): Period[] {
  const newYork = { timezone: "America/New_York", iterations: [] };
  const chatham = { timezone: "Pacific/Chatham", iterations: [] };
  return [
    ...["2026-07", "2026-08", "2026-09", "2026-10", "2026-Q3", "2026-11"].map((id) =>
      parsePeriod(id, newYork),
    ),
    ...["2026-W38", "2026-W40", "2026-W41", "2026-W42"].map((id) => parsePeriod(id, chatham)),
  ];
}

/** The alert tally of a period counted in JS from the stored alerts: the rule of `ALERT_SELECTIONS`, by hand. */
async function tallyInJs(store: Store, period: Period) {
  const alerts = await store.records<Alert>(ALERT.kind, period);
  return {
    total: alerts.length,
    escalated: alerts.filter((a) => a.incident_id !== null).length,
    triaged: alerts.filter((a) => a.disposition !== "open").length,
    false_positive: alerts.filter((a) => a.disposition === "false_positive").length,
  };
}

function family(metric: string): MetricFamily {
  const found = detectionResponse.families.find((f) => f.metrics.includes(metric));
  if (!found) throw new Error(`no family computes ${metric}`);
  return found;
}

for (const engine of ENGINES) {
  describe(`detection and response history in one read on ${engine.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;

    beforeAll(async () => {
      ({ store, dispose } = await createTestStore(engine));
      const made = records();
      await store.importRecords(buildImport("i", "incidents-csv", NOW), async (writer) => {
        for (const [n, { incident }] of made.entries()) await writer.write(incident, n + 2);
        return { skipped: 0 };
      });
      await store.importRecords(buildImport("a", "alerts-csv", NOW), async (writer) => {
        for (const [n, { alert }] of made.entries()) await writer.write(alert, n + 2);
        return { skipped: 0 };
      });
    });
    afterAll(async () => dispose());

    it.each(["mttd", "alert_to_incident_ratio"])(
      "gives the %s family's values of each period as computing it alone",
      async (metric) => {
        const all = periods();
        const series = await family(metric).computeSeries?.(store, { periods: all, now: NOW, config });
        const alone = [];
        for (const period of all)
          alone.push(await family(metric).compute(store, { period, now: NOW, config }));
        expect(series).toEqual(alone);
      },
    );

    it("gives each period's incident metrics as computed from the whole stored incidents", async () => {
      const all = periods();
      const series = await family("mttd").computeSeries?.(store, { periods: all, now: NOW, config });
      const incidentSla = { ...DEFAULT_INCIDENT_SLA, ...config.incident_sla };
      const expected = [];
      for (const period of all)
        expected.push(
          incidentMetrics(await incidentsDetected(store, period), { period, now: NOW, incidentSla }),
        );
      expect(series).toEqual(expected);
      // The fixture reaches what it is about: incidents on both sides of an edge, empty weeks, open ones, late ones.
      const counts = series?.map((values) => values.incident_count?.value);
      expect(counts?.[periods().findIndex((p) => p.id === "2026-W38")]).toBe(0);
      expect(counts?.[0]).toBe(0); // 2026-07: before the first record
      expect(series?.some((values) => (values.mttr?.open ?? 0) > 0)).toBe(true);
      expect(
        series?.some((values) => Number(values.incidents_within_sla?.details.open_past_deadline ?? 0) > 0),
      ).toBe(true);
    });

    it("gives each period's alert metrics as counted in JS from the stored alerts", async () => {
      const all = periods();
      const series = await family("alert_to_incident_ratio").computeSeries?.(store, {
        periods: all,
        now: NOW,
        config,
      });
      const expected = [];
      for (const period of all) expected.push(alertMetrics(await tallyInJs(store, period)));
      expect(series).toEqual(expected);
    });

    it.each(["mttd", "alert_to_incident_ratio"])(
      "reads the %s family's history longer than one statement's terms",
      async (metric) => {
        const utc = { timezone: "UTC", iterations: [] };
        const year: Period[] = [];
        for (let week = 1; week <= 52; week++)
          year.push(parsePeriod(`2026-W${String(week).padStart(2, "0")}`, utc));
        const fiveYears = [...year, ...year, ...year, ...year, ...year];
        const series = await family(metric).computeSeries?.(store, { periods: fiveYears, now: NOW, config });
        const alone = [];
        for (const period of year)
          alone.push(await family(metric).compute(store, { period, now: NOW, config }));
        expect(series).toEqual([...alone, ...alone, ...alone, ...alone, ...alone]);
      },
    );
  });
}
