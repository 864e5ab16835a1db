import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { computeKpis } from "../src/app/compute-kpis.ts";
import { importFile } from "../src/app/import-file.ts";
import { parseConfig } from "../src/config/load.ts";
import { bufferSource } from "../src/importers/file-source.ts";
import type { Store } from "../src/store/store.ts";
import { createTestStore, ENGINES } from "../src/test-support/engines.ts";
import { ASSESSMENT_SCHEDULE_YAML, assessmentRegisters } from "./demo-assessments.ts";

/*
 * The demo's assessment figures, by hand from the tables of scripts/demo-assessments.ts
 * (14 days' grace; each month's register as of its last day, 23:00 UTC).
 *
 * assessments_on_schedule
 *   2026-08 (end 09-01): red team due 2025-12-05 + 6 M = 06-05, held 06-12: on time; vault audit due
 *     04-30, held 04-24: on time; self-assessment due 03-31 held 03-27, next 06-27 held 06-26: on
 *     time; governance review due 08-31, grace to 09-14: pending; pen test (due 10-20) and SOC 2
 *     (due 11-15) not due → 3 / 3 = 100 %.
 *   2026-09 (end 10-01): governance review overdue; self-assessment due 09-26, grace to 10-10, its
 *     Q3 round completed 10-06, after the end: pending → 2 / 3 = 66.7 %.
 *   2026-10 (end 11-01): pen test due 10-20 held 10-09: on time; self-assessment held 10-06: on
 *     time; vault audit next due 04-24 + 6 M = 10-24, grace to 11-07: pending; governance overdue
 *     → 3 / 4 = 75 %, below the target of 100.
 * assessment_findings_open: 2026-09: RT-3 (due 09-10: overdue) → 1; 2026-10: RT-3, PT-1, PT-2 → 3.
 * assessment_remediation_verified: 2026-09: V-1, RT-1, SA-1 verified of V-1, V-2, RT-1, RT-2, SA-1
 *   → 3 / 5 = 60 %; 2026-10: PT-3 too → 4 / 6 = 66.7 %.
 */
const NOW = Date.parse("2026-11-01T00:00:00Z");

for (const engine of ENGINES) {
  describe(`the demo's assessments on ${engine.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    const config = parseConfig(parseYaml(ASSESSMENT_SCHEDULE_YAML));
    const values = async (period: string) => {
      const report = await computeKpis(store, period, { config, now: NOW });
      return Object.fromEntries(report.metrics.map((m) => [m.id, m]));
    };

    beforeAll(async () => {
      ({ store, dispose } = await createTestStore(engine));
      for (const file of assessmentRegisters())
        await importFile(store, {
          source: bufferSource(file.name, Buffer.from(file.text)),
          options: { timezone: "UTC" },
          now: NOW,
        });
    });
    afterAll(async () => dispose());

    it("holds the schedule until the governance review falls overdue", async () => {
      const [august, september, october] = await Promise.all(["2026-08", "2026-09", "2026-10"].map(values));
      expect(august?.assessments_on_schedule?.value).toBe(100);
      expect(september?.assessments_on_schedule?.value).toBeCloseTo(200 / 3, 10);
      expect(october?.assessments_on_schedule?.value).toBe(75);
      expect(october?.assessments_on_schedule?.details).toMatchObject({
        on_time: 3,
        overdue: 1,
        pending: 1,
        not_due: 1,
      });
      expect(october?.assessments_on_schedule?.status).toBe("missed");
    });

    it("counts the open findings and the verified share of the fixes", async () => {
      const [september, october] = await Promise.all(["2026-09", "2026-10"].map(values));
      expect(september?.assessment_findings_open?.value).toBe(1);
      expect(october?.assessment_findings_open?.value).toBe(3);
      expect(october?.assessment_findings_open?.details).toMatchObject({
        by_type: { external_assessment: 2, red_team: 1 },
        overdue: 1,
      });
      expect(september?.assessment_remediation_verified?.value).toBe(60);
      expect(october?.assessment_remediation_verified?.value).toBeCloseTo(200 / 3, 10);
    });
  });
}
