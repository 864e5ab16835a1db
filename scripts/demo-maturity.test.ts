import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeKpis } from "../src/app/compute-kpis.ts";
import { importFile } from "../src/app/import-file.ts";
import { parseConfig } from "../src/config/load.ts";
import { bufferSource } from "../src/importers/file-source.ts";
import type { Store } from "../src/store/store.ts";
import { createTestStore, ENGINES } from "../src/test-support/engines.ts";
import { maturityFiles } from "./demo-maturity.ts";

/*
 * The demo's SAMM figures, by hand from the tables of scripts/demo-maturity.ts
 * (practice = mean of its streams, each the sum of its three answers; default
 * target Defined = 1.5 for every practice):
 *   baseline 2026-04-20: G-SM .375, G-PC 1.125, G-EG 1.25, D-TA .125, D-SR .625, D-SA 1.125,
 *     I-SB 2, I-SD 1.875, I-DM 1.125, V-AA .125, V-RT .375, V-ST 1, O-IM 1.625, O-EM 1.5, O-OM .5
 *     → sum 14.75, maturity_score 14.75 / 15; below 1.5: all but I-SB, I-SD, O-IM, O-EM → 11.
 *   reassessment 2026-10-20: G-SM 1.125 (+.75), D-TA 1.375 (+1.25), D-SR 1.375 (+.75),
 *     V-AA .625 (+.5), V-ST 1.875 (+.875) → sum 14.75 + 4.125 = 18.875, maturity_score 18.875 / 15;
 *     V-ST now met → 10 gaps.
 */
const NOW = Date.parse("2026-11-01T00:00:00Z");

for (const engine of ENGINES) {
  describe(`the demo's SAMM assessments on ${engine.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    const values = async (period: string) => {
      const report = await computeKpis(store, period, { config: parseConfig({}), now: NOW });
      return Object.fromEntries(report.metrics.map((m) => [m.id, m]));
    };

    beforeAll(async () => {
      ({ store, dispose } = await createTestStore(engine));
      for (const file of maturityFiles())
        await importFile(store, {
          source: bufferSource(file.name, file.text),
          options: { timezone: "UTC" },
          now: NOW,
        });
    });
    afterAll(async () => dispose());

    it("shows the baseline from April and the reassessment's progress in October", async () => {
      const april = await values("2026-04");
      expect(april.maturity_score?.value).toBeCloseTo(14.75 / 15, 12);
      expect(april.maturity_gaps?.value).toBe(11);
      const october = await values("2026-10");
      expect(october.maturity_score?.value).toBeCloseTo(18.875 / 15, 12);
      expect(october.maturity_gaps?.value).toBe(10);
    });
  });
}
