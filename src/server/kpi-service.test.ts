import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeKpis } from "../app/compute-kpis.ts";
import { importFile } from "../app/import-file.ts";
import { bufferSource } from "../importers/file-source.ts";
import type { Store } from "../store/store.ts";
import { createTestStore, ENGINES } from "../test-support/engines.ts";
import { type Gate, gate } from "../test-support/gate.ts";
import { ALERTS_NDJSON, INCIDENTS_CSV, TEST_CONFIG, TEST_NOW, TEST_PERIOD } from "../test-support/server.ts";
import { KpiService } from "./kpi-service.ts";

/** One more September incident, detected in 10 minutes: it changes September's figures. */
const ANOTHER_INCIDENT = `id,title,severity,started_at,detected_at,responded_at,recovered_at,synthetic
INC-7,Token leak,SEV2,2026-09-21T10:00:00Z,2026-09-21T10:10:00Z,2026-09-21T10:20:00Z,2026-09-21T11:00:00Z,false
`;

async function importText(store: Store, name: string, content: string): Promise<void> {
  await importFile(store, {
    source: bufferSource(name, content),
    options: { timezone: "UTC" },
    now: TEST_NOW,
  });
}

/** Lets every pending promise callback run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

/**
 * `store` and `computeKpis` as the service sees them, observed by the test:
 * how many data versions it has read (a request reads one before it asks
 * for a computation), the periods computed in order, the most computations
 * at once, a failure on demand, and a hold at the end of a computation (its
 * figures are of the data before the hold) until the test releases it.
 */
function observed(store: Store) {
  const seen = { versionReads: 0, periods: [] as string[], running: 0, mostAtOnce: 0 };
  const control: { failNext: boolean; hold?: { reached: Gate; release: Gate }; holdEvery?: Gate } = {
    failNext: false,
  };
  const observedStore = new Proxy(store, {
    get(target, property) {
      if (property === "dataVersion")
        return async () => {
          const version = await target.dataVersion();
          seen.versionReads++;
          return version;
        };
      const value = Reflect.get(target, property);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  const compute: typeof computeKpis = async (store, periodId, ctx) => {
    seen.periods.push(periodId);
    seen.running++;
    seen.mostAtOnce = Math.max(seen.mostAtOnce, seen.running);
    try {
      const failing = control.failNext;
      control.failNext = false;
      const report = failing ? undefined : await computeKpis(store, periodId, ctx);
      const { hold } = control;
      if (hold) {
        control.hold = undefined;
        hold.reached.open();
        await hold.release.opened;
      }
      await control.holdEvery?.opened;
      if (!report) throw new Error("the store went away");
      return report;
    } finally {
      seen.running--;
    }
  };
  /**
   * Holds the next computation at its end: `reached` when it gets there,
   * `release` lets it end once `requests` requests have read their data version.
   */
  const holdNext = () => {
    const hold = { reached: gate(), release: gate() };
    control.hold = hold;
    return {
      reached: hold.reached.opened,
      async release(requests: number) {
        await hold.reached.opened;
        while (seen.versionReads < requests) await settle();
        await settle();
        hold.release.open();
      },
    };
  };
  return { store: observedStore, seen, control, compute, holdNext };
}

for (const engine of ENGINES) {
  describe(`KpiService with the cache off on ${engine.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;

    beforeAll(async () => {
      ({ store, dispose } = await createTestStore(engine));
      await importText(store, "incidents.csv", INCIDENTS_CSV);
      await importText(store, "alerts.ndjson", ALERTS_NDJSON);
    });
    afterAll(() => dispose());

    const service = (maxComputations = 1) => {
      const o = observed(store);
      const kpis = new KpiService({
        store: o.store,
        config: TEST_CONFIG,
        now: () => TEST_NOW,
        cacheMs: 0,
        maxComputations,
        compute: o.compute,
      });
      return { kpis, ...o };
    };

    it("computes once for requests made at once, each body byte for byte a lone request's", async () => {
      const { kpis, seen, holdNext } = service();
      const lone = await kpis.kpiJsonText(TEST_PERIOD);
      const hold = holdNext();
      const bodies = Promise.all(Array.from({ length: 20 }, () => kpis.kpiJsonText(TEST_PERIOD)));
      await hold.release(1 + 20);
      expect(new Set(await bodies)).toEqual(new Set([lone]));
      expect(seen.periods).toEqual([TEST_PERIOD, TEST_PERIOD]);
      expect(lone).toBe(JSON.stringify(JSON.parse(lone)));
    });

    it("has a request made while a computation reads wait for the next one, begun after it", async () => {
      const { kpis, seen, holdNext } = service();
      const hold = holdNext();
      const first = kpis.kpis(TEST_PERIOD);
      await hold.reached;
      const later = [kpis.kpis(TEST_PERIOD), kpis.kpis(TEST_PERIOD)];
      const holdNextOne = holdNext();
      await hold.release(3);
      await holdNextOne.release(3);
      const [firstReport, ...laterReports] = await Promise.all([first, ...later]);
      expect(seen.periods).toEqual([TEST_PERIOD, TEST_PERIOD]);
      expect(laterReports[0]).not.toBe(firstReport);
      // One computation's report: the views derived from it (JSON, scorecard, page shells) are built once.
      expect(laterReports[1]).toBe(laterReports[0]);
    });

    it("never answers a request made after an import with the figures from before it", async () => {
      const { kpis, seen, holdNext } = service();
      const hold = holdNext();
      const before = kpis.kpiJsonText(TEST_PERIOD);
      await hold.reached;
      await importText(store, "another-incident.csv", ANOTHER_INCIDENT);
      const after = kpis.kpiJsonText(TEST_PERIOD);
      await hold.release(2);
      const [beforeText, afterText] = await Promise.all([before, after]);
      expect(seen.periods).toEqual([TEST_PERIOD, TEST_PERIOD]);
      expect(afterText).toBe(await service().kpis.kpiJsonText(TEST_PERIOD));
      const detected = (text: string) =>
        (JSON.parse(text) as { metrics: { id: string; n: number | null }[] }).metrics.find(
          (m) => m.id === "mttd",
        )?.n;
      expect([detected(beforeText), detected(afterText)]).toEqual([2, 3]);
    });

    it("fails every request sharing a failed computation, and the next request computes again", async () => {
      const { kpis, seen, control, holdNext } = service();
      control.failNext = true;
      const hold = holdNext();
      const outcomes = Promise.allSettled(Array.from({ length: 5 }, () => kpis.kpis(TEST_PERIOD)));
      await hold.release(5);
      expect(
        (await outcomes).map((o) => (o.status === "rejected" ? (o.reason as Error).message : "answered")),
      ).toEqual(Array(5).fill("the store went away"));
      expect((await kpis.kpis(TEST_PERIOD)).period.id).toBe(TEST_PERIOD);
      expect(seen.periods).toEqual([TEST_PERIOD, TEST_PERIOD]);
    });

    it("runs at most its bound of distinct computations at once", async () => {
      const { kpis, seen, control } = service(2);
      const held = gate();
      control.holdEvery = held;
      const periods = ["2026-06", "2026-07", "2026-08", "2026-09"];
      const reports = Promise.all(periods.map((period) => kpis.kpis(period)));
      while (seen.versionReads < periods.length || seen.periods.length < 2) await settle();
      await settle();
      expect(seen.periods).toHaveLength(2);
      held.open();
      expect((await reports).map((r) => r.period.id)).toEqual(periods);
      expect([...seen.periods].sort()).toEqual(periods);
      expect(seen.mostAtOnce).toBe(2);
    });
  });
}
