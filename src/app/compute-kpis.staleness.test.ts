import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../config/load.ts";
import { lastScanOfEachTarget } from "../domains/vulnerabilities/queries.ts";
import { bufferSource } from "../importers/file-source.ts";
import type { Store } from "../store/store.ts";
import { createTestStore, ENGINES } from "../test-support/engines.ts";
import { computeKpis } from "./compute-kpis.ts";
import { importFile } from "./import-file.ts";

/*
 * Five-year-old scanner reports imported today: the import is recent, the data is not.
 *
 *   alpine-310.json (Trivy's golden file, CreatedAt 2021-08-25 12:20:30 UTC): 4 medium findings,
 *     imported for target registry.example/api
 *   secrets.json (Trivy's golden file): 2 secrets, one critical and one high, imported for target
 *     registry.example/web with --scanned-at 2021-08-20 00:00 UTC
 *
 * The data ends at the later of the two targets' last scans: registry.example/api, 2021-08-25 12:20:30.
 * Days from it, by hand (2021-08-25 → 2026-08-25 is 5 × 365 + 1 (2024-02-29) = 1,826 days;
 * 2026-08-25 → 12-01 is 31 + 30 + 31 + 6 = 98 days):
 *   to 2026-12-01 00:00 (the end of 2026-11): 1,924 days less 12:20:30 → 1,923 whole days
 *   to now, 2026-12-02 13:00 (2026-12 running): 1,925 days and 39 min 30 s → 1,925 whole days
 */
const TODAY = Date.parse("2026-12-02T13:00:00Z");
const LAST_SCAN = Date.UTC(2021, 7, 25, 12, 20, 30);
const fixture = (name: string) => readFile(new URL(`../importers/trivy/fixtures/${name}`, import.meta.url));
const SCANNED_METRICS = [
  "open_vulnerabilities",
  "open_critical_vulnerabilities",
  "open_high_vulnerabilities",
  "mttp",
  "vuln_sla_missed",
  "repeat_findings",
  "security_debt",
  "dependency_vulns_direct",
];

for (const engine of ENGINES) {
  describe(`staleness from the data's own dates on ${engine.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    const config = parseConfig({});
    const report = (period: string) => computeKpis(store, period, { config, now: TODAY });
    const metric = (found: Awaited<ReturnType<typeof report>>, id: string) => {
      const result = found.metrics.find((m) => m.id === id);
      if (!result) throw new Error(`no metric ${id}`);
      return result;
    };

    beforeAll(async () => {
      ({ store, dispose } = await createTestStore(engine));
      await importFile(store, {
        source: bufferSource("alpine-310.json", await fixture("alpine-310.json")),
        options: { timezone: "UTC", target: "registry.example/api" },
        now: TODAY,
      });
      await importFile(store, {
        source: bufferSource("secrets.json", await fixture("secrets.json")),
        options: { timezone: "UTC", target: "registry.example/web", scannedAt: Date.UTC(2021, 7, 20) },
        now: TODAY,
      });
    });
    afterAll(async () => dispose());

    it("knows each target's last scan, the most recent first", async () => {
      expect(await store.read(lastScanOfEachTarget)).toEqual([
        { target: "registry.example/api", scanned_at: LAST_SCAN },
        { target: "registry.example/web", scanned_at: Date.UTC(2021, 7, 20) },
      ]);
    });

    it("counts the scans' own month: August 2021 ends 6.5 days after the last scan, within 28 d", async () => {
      // 4 medium (alpine-310) + 1 critical and 1 high secret = 6 open at 2021-09-01.
      const august = await report("2021-08");
      expect(metric(august, "open_vulnerabilities")).toMatchObject({ value: 6, status: "no_target" });
      expect(metric(august, "open_critical_vulnerabilities")).toMatchObject({ value: 1, status: "missed" });
    });

    it("never counts the open findings of 2021 in 2026-11: stale, no value, no history, named", async () => {
      const november = await report("2026-11");
      const reason =
        "last scan of registry.example/api: 2021-08-25 (1,923 days before the period's end; expected at least every 28 d)";
      for (const id of SCANNED_METRICS)
        expect(metric(november, id), id).toMatchObject({
          value: null,
          status: "stale",
          trend: "insufficient_data",
          reason,
          data_end: LAST_SCAN,
          // Imported today, and still stale: the import time does not freshen old data.
          last_import_at: TODAY,
          history: ["2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10"].map((period) => ({
            period,
            value: null,
          })),
        });
    });

    it("gives no data end to a metric none of whose sources was imported (SAST: sarif)", async () => {
      const november = await report("2026-11");
      expect(metric(november, "sast_findings_new")).toMatchObject({
        status: "no_data",
        data_end: null,
        last_import_at: null,
      });
    });

    it("judges the running period now", async () => {
      const december = await report("2026-12");
      expect(metric(december, "open_vulnerabilities").reason).toBe(
        "last scan of registry.example/api: 2021-08-25 (1,925 days before now; expected at least every 28 d)",
      );
    });
  });
}
