import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeKpis } from "../src/app/compute-kpis.ts";
import { importFile } from "../src/app/import-file.ts";
import { parseConfig } from "../src/config/load.ts";
import { bufferSource } from "../src/importers/file-source.ts";
import type { Store } from "../src/store/store.ts";
import { createTestStore, ENGINES } from "../src/test-support/engines.ts";
import { programFiles } from "./demo-program.ts";

/*
 * The demo's program figures, by hand from the tables of scripts/demo-program.ts.
 *
 * Training (course due 09-30; P19 a contractor, out of scope; P20 inactive from September):
 *   2026-08: the course is not due by 09-01 → 19 of 19 in scope compliant = 100 %.
 *   2026-09: 18 in scope; P07 (done 10-05, after the end) and P12 (never) missing → 16 / 18 = 88.89 %.
 *   2026-10: P07 now late, P12 missing → 16 / 18 = 88.89 %.
 * Champions: P02 Platform, P06 Payments, P08 Risk, P10 Data; none in Support → 4 / 5 = 80 % each month.
 * Bug bounty, 2026-10 (reports 3100009–3100012; targets 24 h, 48 h, 14 d, 30 d):
 *   first response: 6 h, 30 h, 2 h → median 6 h = 21600 s, p90 (rank 3) 30 h = 108000 s; open 1 (3100012).
 *   triage: 24 h, 24 h → 86400 s; open 1. bounty: 8 d, 16 d → median 12 d = 1036800 s, p90 16 d = 1382400 s.
 *   resolution: 18 d = 1555200 s; open 1 (3100011, triaged, unresolved).
 *   efficiency: 3100009 on time; 3100010 answered after 30 h; 3100011 paid after 16 d; 3100012 unanswered
 *   4 d 16 h at the end → 1 / 4 = 25 %. Valid 2 (3100009, 3100011) of 3 decided = 66.67 %, 1 pending.
 *   reward: (1500 + 500) / 2 = 1000; high 1500 / 1, medium 500 / 1.
 */
const NOW = Date.parse("2026-11-01T00:00:00Z");

for (const engine of ENGINES) {
  describe(`the demo's security program on ${engine.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    const config = parseConfig({});
    const values = async (period: string) => {
      const report = await computeKpis(store, period, { config, now: NOW });
      return Object.fromEntries(report.metrics.map((m) => [m.id, m]));
    };

    beforeAll(async () => {
      ({ store, dispose } = await createTestStore(engine));
      for (const file of programFiles())
        await importFile(store, {
          source: bufferSource(file.name, Buffer.from(file.text)),
          options: { timezone: "UTC" },
          now: NOW,
        });
    });
    afterAll(async () => dispose());

    it("shows training compliance dropping when the course falls due, and Support without a champion", async () => {
      const [august, september, october] = await Promise.all(["2026-08", "2026-09", "2026-10"].map(values));
      expect(august?.training_compliance).toMatchObject({ value: 100, n: 19 });
      expect(september?.training_compliance?.value).toBeCloseTo((16 / 18) * 100, 10);
      expect(september?.training_compliance?.details).toEqual({ compliant: 16, late: 0, missing: 2 });
      expect(october?.training_compliance?.details).toEqual({ compliant: 16, late: 1, missing: 1 });
      for (const month of [august, september, october])
        expect(month?.security_champion_coverage).toMatchObject({
          value: 80,
          details: { teams_without_champion: ["Support"] },
        });
    });

    it("times October's bug bounty reports and judges them against HackerOne's standard targets", async () => {
      const october = await values("2026-10");
      expect(october.bounty_time_to_first_response).toMatchObject({
        value: 21600,
        p90: 108000,
        n: 3,
        open: 1,
      });
      expect(october.bounty_time_to_triage).toMatchObject({ value: 86400, n: 2, open: 1 });
      expect(october.bounty_time_to_bounty).toMatchObject({ value: 1036800, p90: 1382400, n: 2 });
      expect(october.bounty_time_to_resolution).toMatchObject({ value: 1555200, n: 1, open: 1 });
      expect(october.bounty_response_efficiency).toMatchObject({ value: 25, n: 4 });
      expect(october.bounty_valid_report_rate?.value).toBeCloseTo(200 / 3, 10);
      expect(october.bounty_valid_report_rate?.details).toEqual({ valid: 2, invalid: 1, pending: 1 });
      expect(october.bounty_reward_efficiency).toMatchObject({ value: 1000, n: 2 });
      expect(october.bounty_reward_efficiency?.details).toMatchObject({
        spend: 2000,
        by_severity: { high: { spend: 1500, valid_reports: 1 }, medium: { spend: 500, valid_reports: 1 } },
      });
    });
  });
}
