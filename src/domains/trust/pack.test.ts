import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeKpis } from "../../app/compute-kpis.ts";
import { drillDown } from "../../app/drill-down.ts";
import { importFile } from "../../app/import-file.ts";
import { parseConfig } from "../../config/load.ts";
import { bufferSource } from "../../importers/file-source.ts";
import type { Store } from "../../store/store.ts";
import { createTestStore, ENGINES } from "../../test-support/engines.ts";

const DAY = 86_400;

/*
 * The deals fixture (importers/deals/fixtures/deals.csv), UTC, by hand:
 * 2026-10 closed: D-103 to D-110, 8 deals. Fast lane (accepted_addendum yes):
 *   D-104, D-105, D-108 → 3 / 8 = 37.5 %.
 *   The other 5: D-103 reviewed 09-05 → 09-26 = 21 d, D-106 09-20 → 09-27 = 7 d,
 *   D-107 09-25 → 10-30 = 5 + 30 = 35 d → median 21 d (n 3, p90 rank ⌈0.9·3⌉ = 3: 35 d);
 *   D-109 review started 10-05, not ended: open, 27 d old at 11-01; D-110 no review recorded.
 * 2026-09 closed: D-101 (reviewed 08-10 → 08-24 = 14 d), D-102 (fast lane) → 50 %, 14 d.
 * D-111 and D-112 are open, D-113 closed in November: in no figure above.
 */
const NOW = Date.parse("2026-11-20T12:00:00Z");

for (const engine of ENGINES) {
  describe(`fast lane on ${engine.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    const config = parseConfig({});
    const metrics = async (period: string) => {
      const report = await computeKpis(store, period, { config, now: NOW });
      return Object.fromEntries(report.metrics.map((m) => [m.id, m]));
    };

    beforeAll(async () => {
      ({ store, dispose } = await createTestStore(engine));
      const data = await readFile(new URL("../../importers/deals/fixtures/deals.csv", import.meta.url));
      await importFile(store, {
        source: bufferSource("deals.csv", data),
        options: { timezone: "UTC" },
        now: NOW,
      });
    });
    afterAll(async () => dispose());

    it("shares the deals closed in October that took the fast lane, and times the others' reviews", async () => {
      const october = await metrics("2026-10");
      expect(october.fast_lane_share).toMatchObject({ value: 37.5, n: 8, status: "no_target" });
      expect(october.security_review_cycle_time).toMatchObject({
        value: 21 * DAY,
        n: 3,
        p90: 35 * DAY,
        open: 1,
        oldest_open_age: 27 * DAY,
      });
      const september = await metrics("2026-09");
      expect(september.fast_lane_share).toMatchObject({ value: 50, n: 2 });
      expect(september.security_review_cycle_time).toMatchObject({ value: 14 * DAY, n: 1, open: 0 });
    });

    it("drills into the deals closed in the period, in closing order, saying why each is left out of the cycle time", async () => {
      const drill = await drillDown(store, "security_review_cycle_time", "2026-10", config);
      expect(drill.rows.map((row) => [row.id, row.counted, row.note])).toEqual([
        ["D-103", true, null],
        ["D-104", false, "fast lane: accepted the addendum"],
        ["D-105", false, "fast lane: accepted the addendum"],
        ["D-106", true, null],
        ["D-108", false, "fast lane: accepted the addendum"],
        ["D-109", false, "review not ended"],
        ["D-110", false, "no security review recorded"],
        ["D-107", true, null],
      ]);
      expect(drill.rows[0]?.provenance).toMatchObject({ file_name: "deals.csv", line: 4 });
      const share = await drillDown(store, "fast_lane_share", "2026-10", config);
      expect(share.rows.filter((row) => row.counted)).toHaveLength(8);
    });
  });
}
