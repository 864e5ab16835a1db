import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeKpis } from "../../app/compute-kpis.ts";
import { drillDown } from "../../app/drill-down.ts";
import { importFile } from "../../app/import-file.ts";
import { parseConfig } from "../../config/load.ts";
import { bufferSource } from "../../importers/file-source.ts";
import { InvalidInputError } from "../../model/errors.ts";
import type { Store } from "../../store/store.ts";
import { createTestStore, ENGINES } from "../../test-support/engines.ts";

/*
 * security_review_coverage end to end: the hand-made controls registers of
 * src/importers/security-controls/fixtures and the JUnit reports of
 * src/importers/junit/fixtures (Surefire's own, dated with --scanned-at as
 * they carry no timestamp; circle-rerun.xml is hand-made). By hand:
 *
 * 2026-09: register controls.yaml (09-01), 6 high-risk controls (AC-7 medium and AC-8 low left out);
 *   runs: surefire-circle.xml at 09-10 (testRadius failure, testProperties error, the other 6 pass),
 *   surefire-flaky.xml at 09-20 (testFlaky, testStable pass).
 *   AC-1 testX passed → verified; AC-2 testRadius failed → failed;
 *   AC-3 org.acme.FlakyTest.* → both passed → verified;
 *   AC-4 testPI passed but testProperties erred → failed;
 *   AC-5 payments.refund.* → nothing ran → not run; AC-6 no tests → no test mapped.
 *   → 2 verified of 6 = 33.33…%.
 * 2026-10: register controls.csv (10-02; AC-9's risk "critical" refused, so 3 high-risk controls);
 *   runs: circle-rerun.xml at 10-05 09:12:44 (testX, testRadius pass, testXY skipped).
 *   AC-1 verified; AC-2 testRadius passed, testXY only skipped → verified;
 *   AC-3 nothing of org.acme.FlakyTest ran in October → not run.
 *   → 2 of 3 = 66.66…%.
 */
const NOW = Date.parse("2026-11-20T12:00:00Z");
const read = (folder: string, name: string) =>
  readFile(new URL(`../../importers/${folder}/fixtures/${name}`, import.meta.url));

async function importFixture(
  store: Store,
  folder: string,
  name: string,
  scannedAt?: number,
  skipInvalid = false,
) {
  return importFile(store, {
    source: bufferSource(name, await read(folder, name)),
    options: { timezone: "UTC", ...(scannedAt === undefined ? {} : { scannedAt }) },
    now: NOW,
    skipInvalid,
  });
}

for (const engine of ENGINES) {
  describe(`security review coverage on ${engine.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    const config = parseConfig({});
    const metric = async (period: string) => {
      const report = await computeKpis(store, period, { config, now: NOW });
      return report.metrics.find((m) => m.id === "security_review_coverage");
    };

    beforeAll(async () => {
      ({ store, dispose } = await createTestStore(engine));
      await importFixture(store, "security-controls", "controls.yaml");
      await importFixture(store, "junit", "surefire-circle.xml", Date.parse("2026-09-10T08:00:00Z"));
      await importFixture(store, "junit", "surefire-flaky.xml", Date.parse("2026-09-20T08:00:00Z"));
    });
    afterAll(async () => dispose());

    it("counts the high-risk controls verified in September", async () => {
      const september = await metric("2026-09");
      expect(september?.value).toBeCloseTo((2 / 6) * 100, 10);
      expect(september?.details).toEqual({
        high_risk_controls: 6,
        verified: 2,
        failed: 2,
        not_run: 1,
        no_test_mapped: 1,
      });
    });

    it("lists every high-risk control with its status and the test that decided it", async () => {
      const { rows } = await drillDown(store, "security_review_coverage", "2026-09", config);
      expect(rows.map((r) => [r.id, r.fields.status, r.fields.test, r.counted])).toEqual([
        ["AC-2", "failed", "com.shape.CircleTest.testRadius", false],
        ["AC-4", "failed", "com.shape.CircleTest.testProperties", false],
        ["AC-5", "not_run", null, false],
        ["AC-6", "no_test_mapped", null, false],
        ["AC-1", "verified", "com.shape.CircleTest.testX", true],
        ["AC-3", "verified", "org.acme.FlakyTest.testFlaky", true],
      ]);
      expect(rows[1]?.note).toBe("failed: com.shape.CircleTest.testProperties (error)");
      expect(rows[0]?.fields).toMatchObject({
        owner: "platform-team",
        test_ran_at: "2026-09-10T08:00:00.000Z",
      });
    });

    it("refuses a register row with an unknown risk, naming file and line, and leaves the store unchanged", async () => {
      const refused = importFixture(store, "security-controls", "controls.csv");
      await expect(refused).rejects.toThrow(InvalidInputError);
      await expect(refused).rejects.toThrow(/controls\.csv:5: .*risk/);
      const { rows } = await drillDown(store, "security_review_coverage", "2026-10", config);
      // Still the September register, and no run in October yet: every mapped control not run.
      expect(rows.map((r) => [r.id, r.fields.status])).toEqual([
        ["AC-1", "not_run"],
        ["AC-2", "not_run"],
        ["AC-3", "not_run"],
        ["AC-4", "not_run"],
        ["AC-5", "not_run"],
        ["AC-6", "no_test_mapped"],
      ]);
    });

    it("judges October by the later register and the latest run of each test", async () => {
      await importFixture(store, "security-controls", "controls.csv", undefined, true);
      await importFixture(store, "junit", "circle-rerun.xml");
      const october = await metric("2026-10");
      expect(october?.value).toBeCloseTo((2 / 3) * 100, 10);
      expect(october?.details).toEqual({
        high_risk_controls: 3,
        verified: 2,
        failed: 0,
        not_run: 1,
        no_test_mapped: 0,
      });
      expect((await metric("2026-09"))?.value).toBeCloseTo((2 / 6) * 100, 10);
    });
  });
}
