import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeKpis } from "../src/app/compute-kpis.ts";
import { importFile } from "../src/app/import-file.ts";
import { parseConfig } from "../src/config/load.ts";
import type { Store } from "../src/store/store.ts";
import { createTestStore, ENGINES } from "../src/test-support/engines.ts";
import { tabletopsFolderSource, tabletopsSnapshot } from "./demo-tabletops.ts";

/*
 * The demo's tabletop figures, by hand from the table of scripts/demo-tabletops.ts
 * (UTC; each quarter due by its end):
 *
 * tabletops_on_schedule
 *   2026-03 … 2026-05: Q1 held 03-18 with every output → 1 / 1 = 100 %.
 *   2026-06 (end 07-01): Q2 not held by 06-30 → 1 / 2 = 50 %.
 *   2026-09 (end 10-01): Q2 held 07-09, late; Q3 held 09-24 with no runbook updated, incomplete → 1 / 3.
 *   2026-10 (end 11-01): Q4 held 10-22 with every output, before its due date 12-31: on time → 2 / 4 = 50 %.
 * tabletop_actions_closed, 2026-10 (the folder read 10-31 23:30, before the end):
 *   verified TTX-1-1 (04-28), TTX-1-2 (05-27), TTX-2-1 (08-20); TTX-2-2 in progress past 09-30;
 *   TTX-3-1 done, not verified; TTX-4-1 open → 3 / 6 = 50 %.
 */
const NOW = Date.parse("2026-11-01T00:00:00Z");

for (const engine of ENGINES) {
  describe(`the demo's tabletops on ${engine.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    const config = parseConfig({});
    const value = async (period: string, id: string) => {
      const report = await computeKpis(store, period, { config, now: NOW });
      return report.metrics.find((m) => m.id === id);
    };

    beforeAll(async () => {
      ({ store, dispose } = await createTestStore(engine));
      const snapshot = tabletopsSnapshot();
      const outcome = await importFile(store, {
        source: tabletopsFolderSource(snapshot),
        options: { timezone: "UTC", scannedAt: Date.parse(snapshot.scanned_at) },
        now: NOW,
      });
      expect(outcome.skipped.total).toBe(0);
    });
    afterAll(async () => dispose());

    it("shows a quarter held late, one incomplete, and two on time", async () => {
      const series = await Promise.all(
        ["2026-03", "2026-05", "2026-06", "2026-09", "2026-10"].map(
          async (period) => (await value(period, "tabletops_on_schedule"))?.value,
        ),
      );
      expect(series[0]).toBe(100);
      expect(series[1]).toBe(100);
      expect(series[2]).toBe(50);
      expect(series[3]).toBeCloseTo(100 / 3, 10);
      expect(series[4]).toBe(50);
      const october = await value("2026-10", "tabletops_on_schedule");
      expect(october?.details).toMatchObject({ on_time: 2, held_late: 1, incomplete: 1 });
      expect(october?.status).toBe("missed");
    });

    it("counts half the tabletop actions closed in October", async () => {
      const closed = await value("2026-10", "tabletop_actions_closed");
      expect(closed?.value).toBe(50);
      expect(closed?.details).toEqual({ by_state: { verified: 3, overdue: 1, unverified: 1, open: 1 } });
    });
  });
}
