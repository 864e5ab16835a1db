import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeKpis } from "../src/app/compute-kpis.ts";
import { importFile } from "../src/app/import-file.ts";
import { parseConfig } from "../src/config/load.ts";
import { directorySource, fileSource } from "../src/importers/file-source.ts";
import type { Store } from "../src/store/store.ts";
import { createTestStore, ENGINES } from "../src/test-support/engines.ts";
import { generateDemoData } from "./demo-data.ts";

/*
 * The demo's learning figures, by hand from the tables of scripts/demo-learning.ts and the
 * demo's incidents.csv (post-mortem due 10 days after detection; each folder read at its
 * month's end).
 *
 * postmortem_coverage:
 *   2026-07: INC-0142 published after 7.0 d: covered; INC-0149 after 16.6 d: late → 1 / 2 = 50 %.
 *   2026-08: INC-0156 (7.4 d), INC-0157 (8.2 d), INC-0166 (8.4 d), INC-0171 (8.6 d) → 4 / 4 = 100 %.
 *   2026-09: INC-0183 (7.5 d), INC-0191 (9.4 d), INC-0198 (8.3 d) covered; INC-0201 (17.0 d) late;
 *            INC-0202 still in review, due 10-10 → 3 / 5 = 60 %.
 *   2026-10: INC-0203 (7.9 d), INC-0205 (9.1 d), INC-0208 (9.1 d), INC-0211 (9.1 d) covered;
 *            INC-0213 (16.4 d) late → 4 / 5 = 80 %.
 * Action items, each month's folder:
 *   2026-09 (10-01): overdue PM-0156-1 (due 09-30), PM-0157-2 (09-15), PM-0171-1 (09-20) → 3;
 *            done, unverified: PM-0166-1 (verified 10-05) → 1.
 *   2026-10 (11-01): overdue PM-0171-1, PM-0201-1 (due 10-25) → 2; done, unverified:
 *            PM-0156-1, PM-0171-2, PM-NM05-1 → 3.
 * near_miss_ratio, 2026-10: NM-2026-07, NM-2026-08 per the 23 production incidents of
 *   incidents.csv detected in October (24 rows, less the drill) → 2 / 23.
 * near_misses_reported_by_staff, Risk the security team, on the month-end rosters:
 *   2026-07 no roster yet → no value; 2026-08 NM-02 by p03@ (Risk) no, NM-03 by P14
 *   (Support) yes → 1; 2026-09 NM-04 P01 (Payments) yes, NM-05 P08 (Risk) no, NM-06 P20
 *   (left in August) no → 1; 2026-10 NM-07 P05 (Data), NM-08 P17 (Platform) → 2.
 */
const NOW = Date.parse("2026-11-01T00:00:00Z");

for (const engine of ENGINES) {
  describe(`the demo's learning data on ${engine.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    let dir: string;
    const config = parseConfig({ people: { security_teams: ["Risk"] } });

    beforeAll(async () => {
      ({ store, dispose } = await createTestStore(engine));
      dir = mkdtempSync(join(tmpdir(), "secmetrics-demo-learning-"));
      const data = generateDemoData(dir);
      for (const file of data.files.filter((path) =>
        /(incidents|near-misses|people-2026-\d\d)\.csv$/.test(path),
      ))
        await importFile(store, { source: fileSource(file), options: { timezone: "UTC" }, now: NOW });
      for (const { folder, scannedAt } of data.registries.filter((r) =>
        basename(r.folder).startsWith("postmortems-"),
      ))
        await importFile(store, {
          source: directorySource(folder),
          options: { timezone: "UTC", scannedAt: Date.parse(scannedAt) },
          now: NOW,
        });
    }, 60_000);
    afterAll(async () => {
      await dispose();
      rmSync(dir, { recursive: true, force: true });
    });

    const valuesOf = async (period: string) => {
      const report = await computeKpis(store, period, { config, now: NOW });
      return (id: string) => report.metrics.find((metric) => metric.id === id)?.value;
    };

    it.each([
      ["2026-07", 50],
      ["2026-08", 100],
      ["2026-09", 60],
      ["2026-10", 80],
    ])("has post-mortem coverage in %s of %d %%", async (period, coverage) => {
      expect((await valuesOf(period))("postmortem_coverage")).toBeCloseTo(coverage, 6);
    });

    it("has three action items overdue at the third quarter's end and two at October's", async () => {
      const september = await valuesOf("2026-09");
      const october = await valuesOf("2026-10");
      expect([september("action_items_overdue"), september("unverified_done_actions")]).toEqual([3, 1]);
      expect([october("action_items_overdue"), october("unverified_done_actions")]).toEqual([2, 3]);
    });

    it("reports two near-misses in October against 23 production incidents", async () => {
      expect((await valuesOf("2026-10"))("near_miss_ratio")).toBeCloseTo(2 / 23, 6);
    });

    it.each([
      ["2026-07", null],
      ["2026-08", 1],
      ["2026-09", 1],
      ["2026-10", 2],
    ])("counts the near-misses staff outside the Risk team reported in %s: %s", async (period, count) => {
      expect((await valuesOf(period))("near_misses_reported_by_staff")).toBe(count);
    });
  });
}
