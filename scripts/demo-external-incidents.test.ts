import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { computeKpis } from "../src/app/compute-kpis.ts";
import { importFile } from "../src/app/import-file.ts";
import { parseConfig } from "../src/config/load.ts";
import { bufferSource } from "../src/importers/file-source.ts";
import type { Store } from "../src/store/store.ts";
import { createTestStore, ENGINES } from "../src/test-support/engines.ts";
import {
  EXTERNAL_INCIDENTS_CONFIG,
  externalIncidentsList,
  externalTriageCsv,
} from "./demo-external-incidents.ts";

/*
 * The demo's external incidents, by hand from scripts/demo-external-incidents.ts (7 days to
 * triage; Ethereum, Arbitrum and Base relevant, BNB Chain not):
 *
 * 2026-10 (judged at 11-01): HarborLend (ethereum, 10-27, triaged 10-29 ≤ due 11-03) on time;
 *   QuayBridge (arbitrum, 10-21, 10-23 ≤ 10-28) on time; DockVault (base, 10-09, 10-20 > 10-16)
 *   late; WharfDAO (ethereum, 10-03, 10-05 ≤ 10-10) on time; PierSwap (bsc) not relevant
 *   → 3 / 4 = 75 %; applies 3, each with an action item.
 * 2026-09 (judged at 10-01): MooringFi (ethereum, 09-22, 09-24) on time; KeelPerps (arbitrum,
 *   09-04, due 09-11) never triaged; BuoyToken (bsc) not relevant → 1 / 2 = 50 %.
 */
const NOW = Date.parse("2026-11-01T00:00:00Z");

for (const engine of ENGINES) {
  describe(`the demo's external incidents on ${engine.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    const config = parseConfig(parseYaml(EXTERNAL_INCIDENTS_CONFIG));
    const value = async (period: string) =>
      (await computeKpis(store, period, { config, now: NOW })).metrics.find(
        (m) => m.id === "external_incidents_triaged",
      );

    beforeAll(async () => {
      ({ store, dispose } = await createTestStore(engine));
      for (const file of [externalIncidentsList(), externalTriageCsv()]) {
        const outcome = await importFile(store, {
          source: bufferSource(file.name, file.text),
          options: { timezone: "UTC" },
          now: NOW,
        });
        expect(outcome.skipped.total).toBe(0);
      }
    });
    afterAll(async () => dispose());

    it("triages three of October's four relevant incidents on time, one late", async () => {
      const october = await value("2026-10");
      expect(october?.value).toBe(75);
      expect(october?.details).toMatchObject({
        on_time: 3,
        late: 1,
        untriaged: 0,
        not_relevant: 1,
        applies: 3,
      });
      expect((await value("2026-09"))?.value).toBe(50);
    });
  });
}
