import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeKpis } from "../src/app/compute-kpis.ts";
import { importFile } from "../src/app/import-file.ts";
import { parseConfig } from "../src/config/load.ts";
import { bufferSource } from "../src/importers/file-source.ts";
import type { Store } from "../src/store/store.ts";
import { createTestStore, ENGINES } from "../src/test-support/engines.ts";
import { programFiles } from "./demo-program.ts";
import { readinessFiles } from "./demo-readiness.ts";
import { tabletopsFolderSource, tabletopsSnapshot } from "./demo-tabletops.ts";

/*
 * The demo's readiness figures, by hand from the tables of scripts/demo-readiness.ts, the
 * rosters of demo-program.ts (P20 inactive from September) and the tabletops of
 * demo-tabletops.ts (UTC):
 *
 * ir_roles_filled, 2026-09 and 2026-10: incident_commander P01/P02, legal P04/p05@…, security_lead
 *   P08/P10, executive_sponsor P11/P13 filled; communications' deputy P20 left; engineering_lead
 *   has no deputy → 4 / 6.
 * runbooks_reviewed: 2026-09 (end 10-01): data-breach due 12-15, ransomware 10-20, backup-restore
 *   2027-02-01, regulator 10-15 in time; insider never; supply-chain due 09-10 → 4 / 6.
 *   2026-10 (end 11-01): ransomware (10-20) and regulator (10-15) lapse; supply-chain reviewed
 *   10-25 → 3 / 6 = 50 %.
 * runbooks_exercised: 2026-09: Q1 ran data-breach and regulator, Q2 ransomware and backup-restore
 *   → 4 / 6; 2026-10: Q4 (10-22) ran supply-chain too → 5 / 6.
 * monitoring_uptime: a beat every 5 minutes; 2026-09: 02:05 → 02:30 on 09-18 down (25 min of 43 200)
 *   → 99.942 %; 2026-10: 03:05 → 04:00 on 10-14 down (55 of 44 640) → 99.877 %.
 * alert_delivery_latency (p90; scrapes 09-01, 10-01, 10-31 23:00): 2026-09 increases ≤1 s 120, ≤5 s 170, ≤10 s 186, of 200: rank 180
 *   → 5 + 5 × 10 / 16 = 8.125 s; 2026-10: 240, 282 of 300: rank 270 → 1 + 4 × 30 / 42 = 3.857 s.
 */
const NOW = Date.parse("2026-11-01T00:00:00Z");

for (const engine of ENGINES) {
  describe(`the demo's readiness on ${engine.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    const config = parseConfig({});
    const values = async (period: string) => {
      const report = await computeKpis(store, period, { config, now: NOW });
      return Object.fromEntries(report.metrics.map((m) => [m.id, m]));
    };

    beforeAll(async () => {
      ({ store, dispose } = await createTestStore(engine));
      const rosters = programFiles().filter((file) => file.name.startsWith("people-"));
      for (const file of [...rosters, ...readinessFiles()])
        await importFile(store, {
          source: bufferSource(file.name, file.text),
          options: { timezone: "UTC" },
          now: NOW,
        });
      const snapshot = tabletopsSnapshot();
      await importFile(store, {
        source: tabletopsFolderSource(snapshot),
        options: { timezone: "UTC", scannedAt: Date.parse(snapshot.scanned_at) },
        now: NOW,
      });
    });
    afterAll(async () => dispose());

    it("shows each readiness figure for September and October", async () => {
      const september = await values("2026-09");
      const october = await values("2026-10");
      expect(september.ir_roles_filled?.value).toBeCloseTo(400 / 6, 10);
      expect(october.ir_roles_filled?.value).toBeCloseTo(400 / 6, 10);
      expect(october.ir_roles_filled?.details).toEqual({
        unfilled: ["communications", "engineering_lead"],
        roster_checked: true,
      });
      expect(september.runbooks_reviewed?.value).toBeCloseTo(400 / 6, 10);
      expect(october.runbooks_reviewed?.value).toBe(50);
      expect(september.runbooks_exercised?.value).toBeCloseTo(400 / 6, 10);
      expect(october.runbooks_exercised?.value).toBeCloseTo(500 / 6, 10);
      expect(october.runbooks_exercised?.details).toEqual({ not_exercised: ["RB-insider"] });
    });

    it("shows the monitor's uptime and delivery latency", async () => {
      const september = await values("2026-09");
      const october = await values("2026-10");
      expect(september.monitoring_uptime?.value).toBeCloseTo(((43_200 - 25) / 43_200) * 100, 10);
      expect(october.monitoring_uptime?.value).toBeCloseTo(((44_640 - 55) / 44_640) * 100, 10);
      expect(september.alert_delivery_latency?.value).toBeCloseTo(8.125, 10);
      expect(october.alert_delivery_latency?.value).toBeCloseTo(1 + (4 * 30) / 42, 10);
      expect(october.alert_delivery_latency?.details).toEqual({
        quantile: 0.9,
        sent: 300,
        failed: 1,
        failed_by_integration: { slack: 1 },
      });
    });
  });
}
