import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
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
 * src/importers/heartbeat-log/fixtures/backup-heartbeat.log (a daily
 * heartbeat, interval 86 400 s here) and
 * src/importers/prometheus/fixtures/alertmanager-2026-0{9,10}-01.prom
 * (scraped 09-01 and 10-01 00:00Z as am-1:9093, whose build info is a
 * check vouching 30 days here). Expected values, by hand (UTC):
 *
 * monitoring_uptime, 2026-09 (window 09-01 → 10-01 = 720 h for each target):
 *   backup-job: each heartbeat covers 24 h or until the next one; none on the 10th and 11th:
 *   09-10 00:00 → 09-12 00:00 down (48 h); the 20th's came at 06:00: 6 h down → 666 h up.
 *   am-1:9093: its 09-01 check covers 30 days: 720 h up. (666 + 720) / 1440 = 96.25 %.
 * alert_delivery_latency, 2026-09 (scrapes 09-01 → 10-01): buckets' increases, email + slack
 *   (pagerduty sent nothing): ≤1 s 50, ≤5 s 88, ≤10 s 96, ≤15 s 99, ≤20 s 100; 100 observations.
 *   p90: rank 90 falls in (5, 10]: 5 + 5 × (90 − 88) / (96 − 88) = 6.25 s;
 *   median: rank 50 at ≤1 s: 0 + 1 × 50 / 50 = 1 s. Sent 20 + 80 + 0 = 100; failed 2 + 4 = 6.
 *   Per integration, p90: slack (80: 40, 72, 78, 80) rank 72 → 1 + 4 × 32 / 32 = 5 s;
 *   email (20: 10, 16, 18, 19, 20) rank 18 → 5 + 5 × 2 / 2 = 10 s.
 */
const NOW = Date.parse("2026-10-06T12:00:00Z");
const fixture = (path: string) => fileURLToPath(new URL(`../../importers/${path}`, import.meta.url));

for (const engine of ENGINES) {
  describe(`monitoring health on ${engine.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    const config = parseConfig({
      monitor_health: { intervals: { "backup-job": 86_400, "am-1:9093": 30 * 86_400 } },
    });
    const metrics = async (period: string) => {
      const report = await computeKpis(store, period, { config, now: NOW });
      return Object.fromEntries(report.metrics.map((m) => [m.id, m]));
    };
    const importScrape = async (name: string, scannedAt: string, text?: string) =>
      importFile(store, {
        source: bufferSource(
          name,
          text === undefined ? await readFile(fixture(`prometheus/fixtures/${name}`)) : Buffer.from(text),
        ),
        options: { timezone: "UTC", target: "am-1:9093", scannedAt: Date.parse(scannedAt) },
        now: NOW,
      });

    beforeAll(async () => {
      ({ store, dispose } = await createTestStore(engine));
      await importFile(store, {
        source: bufferSource(
          "backup-heartbeat.log",
          await readFile(fixture("heartbeat-log/fixtures/backup-heartbeat.log")),
        ),
        options: { timezone: "UTC" },
        now: NOW,
      });
      await importScrape("alertmanager-2026-09-01.prom", "2026-09-01T00:00:00Z");
      await importScrape("alertmanager-2026-10-01.prom", "2026-10-01T00:00:00Z");
    });
    afterAll(async () => dispose());

    it("imports a scrape once, and refuses a broken one leaving the store unchanged", async () => {
      expect((await importScrape("alertmanager-2026-09-01.prom", "2026-09-01T00:00:00Z")).status).toBe(
        "unchanged",
      );
      const broken = importScrape("broken.prom", "2026-09-15T00:00:00Z", '# TYPE up gauge\nup{job="a" 1\n');
      await expect(broken).rejects.toThrow(InvalidInputError);
      await expect(broken).rejects.toThrow(/broken\.prom:2: up: label job/);
      expect((await store.records("monitor_check", { start: 0, end: Number.MAX_SAFE_INTEGER })).length).toBe(
        28 + 2,
      );
    });

    it("counts silences longer than a target's interval as down time", async () => {
      const september = (await metrics("2026-09")).monitoring_uptime;
      expect(september?.value).toBeCloseTo(96.25, 10);
      // Checks due: backup-job 720 h / 24 h = 30, am-1:9093 720 h / 720 h = 1.
      expect(september?.n).toBe(31);
      expect(september?.details).toEqual({
        down_seconds: 54 * 3600,
        down_intervals: 2,
        targets_down: ["backup-job"],
      });
      const drill = await drillDown(store, "monitoring_uptime", "2026-09", config);
      expect(
        drill.rows.map((r) => [r.fields.target, r.fields.at, r.fields.down_seconds, r.counted, r.note]),
      ).toEqual([
        ["backup-job", "2026-09-10T00:00:00.000Z", 48 * 3600, false, "silent longer than its interval"],
        ["backup-job", "2026-09-20T00:00:00.000Z", 6 * 3600, false, "silent longer than its interval"],
        ["am-1:9093", "2026-09-01T00:00:00.000Z", 0, true, null],
      ]);
      expect(drill.rows[0]?.provenance).toMatchObject({ file_name: "backup-heartbeat.log", line: 9 });
    });

    it("reads the delivery latency quantile from the histogram's increase between scrapes", async () => {
      const september = (await metrics("2026-09")).alert_delivery_latency;
      expect(september?.value).toBeCloseTo(6.25, 10);
      expect([september?.n, september?.median, september?.p90]).toEqual([100, 1, 6.25]);
      expect(september?.details).toEqual({
        quantile: 0.9,
        sent: 100,
        failed: 6,
        failed_by_integration: { email: 2, slack: 4 },
      });
      const drill = await drillDown(store, "alert_delivery_latency", "2026-09", config);
      expect(
        drill.rows.map((r) => [
          r.fields.integration,
          r.fields.sent,
          r.fields.failed,
          r.fields.latency_seconds,
          r.note,
        ]),
      ).toEqual([
        ["slack", 80, 4, 5, "4 of 80 notifications failed"],
        ["email", 20, 2, 10, "2 of 20 notifications failed"],
        ["pagerduty", 0, 0, null, "nothing observed in the period"],
      ]);
    });
  });
}
