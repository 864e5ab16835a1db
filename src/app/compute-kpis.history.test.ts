import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../config/load.ts";
import type { Store } from "../store/store.ts";
import { createTestStore, ENGINES } from "../test-support/engines.ts";
import { buildAlert, buildImport, buildIncident } from "../test-support/records.ts";
import { computeKpis } from "./compute-kpis.ts";

const NOW = Date.parse("2026-10-20T12:00:00Z");
const HOUR = 3_600_000;
const severities = ["critical", "high", "medium", null, "low"] as const;

/**
 * Incidents every 31 hours from 2026-03-02 to 2026-07-20 (so from August on,
 * more than their 7-day cadence after the last one, they are stale), and
 * alerts every 23 hours from 2026-05-01 to now, none in August (an empty
 * month, not a stale one). Plus one of each on local midnights that start a
 * month, a week or a quarter in the zones below, and a millisecond before.
 */
function records() {
  const edges = [
    "2026-07-01T04:00:00Z", // 2026-07 and 2026-Q3 start, New York
    "2026-06-30T18:30:00Z", // 2026-Q3 starts, Kolkata
    "2026-07-12T10:15:00Z", // 2026-W29 starts, Chatham (+12:45 in July)
    "2026-09-01T04:00:00Z", // 2026-09 starts, New York
    "2026-10-11T10:15:00Z", // 2026-W42 starts, Chatham (+13:45 in October)
  ].flatMap((iso) => [Date.parse(iso) - 1, Date.parse(iso)]);
  const incidents = edges.filter((at) => at < Date.parse("2026-07-20T00:00:00Z"));
  for (let at = Date.parse("2026-03-02T00:00:00Z"); at < Date.parse("2026-07-20T00:00:00Z"); at += 31 * HOUR)
    incidents.push(at);
  const alerts = [...edges];
  for (let at = Date.parse("2026-05-01T00:00:00Z"); at < NOW; at += 23 * HOUR)
    if (at < Date.parse("2026-08-01T00:00:00Z") || at >= Date.parse("2026-09-01T00:00:00Z")) alerts.push(at);
  return {
    incidents: incidents.map((at, n) =>
      buildIncident({
        external_id: `INC-${n}`,
        detected_at: at,
        severity: severities[n % severities.length] ?? null,
        synthetic: n % 6 === 0,
        started_at: n % 5 === 0 ? null : at - (n % 7) * 60_000,
        acknowledged_at: at + (n % 11) * 60_000,
        responded_at: n % 8 === 0 ? null : at + (n % 13) * 600_000,
        recovered_at: n % 4 === 0 ? null : at + (n % 30) * HOUR,
      }),
    ),
    alerts: alerts.map((at, n) =>
      buildAlert({
        external_id: `ALR-${n}`,
        created_at: at,
        disposition: (["open", "true_positive", "false_positive", "benign"] as const)[n % 4] ?? "open",
        incident_id: n % 3 === 0 ? `INC-${n}` : null,
      }),
    ),
  };
}

/** A period's report, and the history of another as it stood for that period, by zone and kind. */
const CASES = [
  { timezone: "America/New_York", history: 6, periods: ["2026-10", "2026-09", "2026-07"] },
  { timezone: "Pacific/Chatham", history: 14, periods: ["2026-W43", "2026-W29"] },
  { timezone: "Asia/Kolkata", history: 3, periods: ["2026-Q4", "2026-Q3"] },
];

for (const engine of ENGINES) {
  describe(`a KPI history computed at once on ${engine.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;

    beforeAll(async () => {
      ({ store, dispose } = await createTestStore(engine));
      const { incidents, alerts } = records();
      await store.importRecords(buildImport("i", "incidents-csv", NOW), async (writer) => {
        for (const [n, incident] of incidents.entries()) await writer.write(incident, n + 2);
        return { skipped: 0 };
      });
      await store.importRecords(buildImport("a", "alerts-csv", NOW), async (writer) => {
        for (const [n, alert] of alerts.entries()) await writer.write(alert, n + 2);
        return { skipped: 0 };
      });
    });
    afterAll(async () => dispose());

    it("reads where the data begins and ends once, of the kinds that families with a source imported read", async () => {
      const asked: string[] = [];
      const counted: Store = Object.create(store);
      counted.recordBounds = (kinds) => {
        asked.push(`bounds of ${[...kinds].sort().join(", ")}`);
        return store.recordBounds(kinds);
      };
      counted.earliestRecord = (kind) => {
        asked.push(`earliest ${kind}`);
        return store.earliestRecord(kind);
      };
      counted.latestRecord = (kind) => {
        asked.push(`latest ${kind}`);
        return store.latestRecord(kind);
      };
      const report = await computeKpis(counted, "2026-10", { config: parseConfig({}), now: NOW });
      // Only incidents and alerts were imported: the families fed by them read incidents, alerts
      // and (to tell staff from the security team) the roster.
      expect(asked).toEqual(["bounds of alert, incident, person"]);
      expect(report).toEqual(await computeKpis(store, "2026-10", { config: parseConfig({}), now: NOW }));
    });

    it.each(CASES.flatMap(({ periods, ...settings }) => periods.map((period) => ({ period, ...settings }))))(
      "gives each history period of $period ($timezone) the value and status of its own report",
      async ({ period, timezone, history }) => {
        const ctx = { config: parseConfig({ timezone, history }), now: NOW };
        const report = await computeKpis(store, period, ctx);
        const alone = new Map<string, Awaited<ReturnType<typeof computeKpis>>>();
        for (const point of report.metrics[0]?.history ?? [])
          alone.set(point.period, await computeKpis(store, point.period, ctx));
        const statuses = new Set<string>();
        for (const metric of report.metrics) {
          for (const point of metric.history) {
            const own = alone.get(point.period)?.metrics.find((m) => m.id === metric.id);
            expect({
              metric: metric.id,
              period: point.period,
              value: point.value,
              status: point.status,
            }).toEqual({
              metric: metric.id,
              period: point.period,
              value: own?.value,
              status: own?.status,
            });
            statuses.add(point.status);
          }
        }
        // Every case passes over periods with data and ones without; the latest ones over stale periods too.
        expect(statuses.has("met") || statuses.has("missed") || statuses.has("no_target")).toBe(true);
        expect(statuses.has("no_data")).toBe(true);
        expect(statuses.has("stale")).toBe(["2026-10", "2026-09", "2026-W43", "2026-Q4"].includes(period));
      },
    );
  });
}
