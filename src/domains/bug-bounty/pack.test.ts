import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeKpis } from "../../app/compute-kpis.ts";
import { drillDown } from "../../app/drill-down.ts";
import { importFile } from "../../app/import-file.ts";
import { parseConfig } from "../../config/load.ts";
import { bufferSource } from "../../importers/file-source.ts";
import type { Store } from "../../store/store.ts";
import { createTestStore, ENGINES } from "../../test-support/engines.ts";

/*
 * DefectDojo's HackerOne and Bugcrowd test exports, imported and counted end
 * to end with the default targets (first response 24 h, triage 48 h, bounty
 * 14 d, resolution 30 d, from submission). Seconds by hand (python3:
 * (datetime(b) - datetime(a)).total_seconds()).
 *
 * 2024-Q3, end 10-01, bug_bounty_many.csv: 2710467 (new, 09-10, nothing yet), 2682608 (duplicate,
 *   first response 08-25 07:27:18 → 08-27 18:19:23 = 211925 s), 2616856 (duplicate, 07-22 17:54:36 →
 *   20:57:56 = 11000 s).
 *   first response: [11000, 211925] → median 111462.5, p90 (rank ⌈0.9·2⌉ = 2) 211925; open 1 (2710467).
 *   triage: none reached, open 1. Efficiency: 2710467 awaits both past 24 h / 48 h (missed 2),
 *   2682608 responded late (missed 1), 2616856 on time → 1 / 3 = 33.33 %. Valid rate 0 valid / 2 decided = 0 %.
 * 2024-Q2, end 07-01: 2501687 (triaged, medium, 400): first response 238129 s, triage 9386989 s,
 *   bounty 9387297 s, no resolution (awaited 50 d > 30 d): misses all four → 0 %; valid 1 / 1 = 100 %;
 *   reward 400 / 1 = 400, medium {spend 400, valid 1}.
 * 2018-Q3, end 10-01, BugCrowd-many.csv (line 2 refused): three valid, unresolved submissions:
 *   jangoo… (high, 1000): triage 513966 s, bounty 246330 s; gie9…08 (medium, 400): triage 31270 s,
 *   bounty 2704845 s; gie9…0o (low, 100): triage 598181 s, bounty 4634884 s.
 *   triage median 513966, p90 598181; bounty median 2704845, p90 4634884.
 *   Efficiency: jangoo… misses triage; gie9…08 bounty and resolution (68.6 d unresolved at the end);
 *   gie9…0o triage and bounty → 0 / 3; reward (1000 + 400 + 100) / 3 = 500.
 * 2016-Q1, end 04-01, vuln_disclosure_main_state.json: 1337 new; 1338 triaged; 1339 duplicate;
 *   1340 not applicable; all created 02-02 04:05:06, the three triaged 02-03 03:01:36 = 82590 s.
 *   triage median 82590 (n 3), open 1. Efficiency: 1337 misses first response and triage, 1338
 *   resolution (58.8 d): 2 / 4 = 50 %. Valid rate 1 / 3 = 33.33 %; reward 0 / 1 = 0.
 */
const NOW = Date.parse("2026-11-20T12:00:00Z");

async function importFixture(store: Store, path: string) {
  const data = await readFile(new URL(`../../importers/${path}`, import.meta.url));
  return importFile(store, {
    source: bufferSource(path.split("/").pop() as string, data),
    options: { timezone: "UTC" },
    now: NOW,
    skipInvalid: true,
  });
}

for (const engine of ENGINES) {
  describe(`bug bounty reports on ${engine.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    const config = parseConfig({});
    const metrics = async (period: string) => {
      const report = await computeKpis(store, period, { config, now: NOW });
      return Object.fromEntries(
        report.metrics.filter((m) => m.id.startsWith("bounty_")).map((m) => [m.id, m]),
      );
    };

    beforeAll(async () => {
      ({ store, dispose } = await createTestStore(engine));
      await importFixture(store, "hackerone/fixtures/bug_bounty_many.csv");
      await importFixture(store, "hackerone/fixtures/vuln_disclosure_main_state.json");
      const bugcrowd = await importFixture(store, "bugcrowd/fixtures/BugCrowd-many.csv");
      expect(bugcrowd.skipped.total).toBe(1);
    });
    afterAll(async () => dispose());

    it("times each milestone of a quarter's reports and judges them against the targets", async () => {
      const q3 = await metrics("2024-Q3");
      expect(q3.bounty_time_to_first_response).toMatchObject({ value: 111462.5, n: 2, p90: 211925, open: 1 });
      expect(q3.bounty_time_to_triage).toMatchObject({ value: null, open: 1 });
      expect(q3.bounty_response_efficiency?.value).toBeCloseTo(100 / 3, 10);
      expect(q3.bounty_response_efficiency?.details).toMatchObject({
        missed: { first_response: 2, triage: 1, bounty: 0, resolution: 0 },
      });
      expect(q3.bounty_valid_report_rate).toMatchObject({
        value: 0,
        details: { valid: 0, invalid: 2, pending: 1 },
      });
      expect(q3.bounty_reward_efficiency?.value).toBeNull();

      const q2 = await metrics("2024-Q2");
      expect(q2.bounty_time_to_triage).toMatchObject({ value: 9386989, n: 1 });
      expect(q2.bounty_time_to_bounty).toMatchObject({ value: 9387297, n: 1 });
      expect(q2.bounty_time_to_resolution).toMatchObject({ value: null, open: 1 });
      expect(q2.bounty_response_efficiency).toMatchObject({ value: 0, n: 1 });
      expect(q2.bounty_valid_report_rate?.value).toBe(100);
      expect(q2.bounty_reward_efficiency?.value).toBe(400);
      expect(q2.bounty_reward_efficiency?.details).toMatchObject({
        by_severity: { medium: { spend: 400, valid_reports: 1, per_valid_report: 400 } },
      });
    });

    it("reads Bugcrowd's submissions beside HackerOne's", async () => {
      const q3 = await metrics("2018-Q3");
      expect(q3.bounty_time_to_triage).toMatchObject({ value: 513966, p90: 598181, n: 3 });
      expect(q3.bounty_time_to_bounty).toMatchObject({ value: 2704845, p90: 4634884, n: 3 });
      expect(q3.bounty_time_to_first_response?.value).toBeNull();
      expect(q3.bounty_response_efficiency).toMatchObject({
        value: 0,
        details: { missed: { first_response: 0, triage: 2, bounty: 2, resolution: 1 } },
      });
      expect(q3.bounty_reward_efficiency).toMatchObject({ value: 500, n: 3 });

      const q1 = await metrics("2016-Q1");
      expect(q1.bounty_time_to_triage).toMatchObject({ value: 82590, n: 3, open: 1 });
      expect(q1.bounty_response_efficiency?.value).toBe(50);
      expect(q1.bounty_valid_report_rate?.value).toBeCloseTo(100 / 3, 10);
      expect(q1.bounty_reward_efficiency?.value).toBe(0);
    });

    it("lists the quarter's reports with the targets each missed", async () => {
      const { rows } = await drillDown(store, "bounty_response_efficiency", "2024-Q3", config);
      expect(rows.map((r) => [r.id, r.fields.outcome, r.note])).toEqual([
        ["2616856", "invalid", null],
        ["2682608", "invalid", "missed first_response"],
        ["2710467", "pending", "missed first_response, triage"],
      ]);
      const triage = await drillDown(store, "bounty_time_to_triage", "2016-Q1", config);
      expect(triage.rows.map((r) => [r.id, r.counted])).toEqual([
        ["1337", false],
        ["1338", true],
        ["1339", true],
        ["1340", true],
      ]);
    });

    it("takes the targets from the config", async () => {
      const lenient = parseConfig({ bounty: { targets: { first_response: "3d" } } });
      const report = await computeKpis(store, "2024-Q3", { config: lenient, now: NOW });
      // 2682608's 211925 s (2.45 d) now meets a 3-day target: 2 / 3.
      expect(report.metrics.find((m) => m.id === "bounty_response_efficiency")?.value).toBeCloseTo(
        200 / 3,
        10,
      );
    });
  });
}
