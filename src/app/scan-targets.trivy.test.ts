import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../config/load.ts";
import { vulnerabilities } from "../domains/vulnerabilities/pack.ts";
import { fileSource } from "../importers/file-source.ts";
import { parsePeriod } from "../model/period.ts";
import { createAuthStore } from "../store/auth-store.ts";
import type { Store } from "../store/store.ts";
import { createTestStore, ENGINES } from "../test-support/engines.ts";
import { importFile } from "./import-file.ts";
import { listScanTargets, retireTarget } from "./scan-targets.ts";

/*
 * Trivy's own golden file for the alpine 3.10 image: target
 * "testdata/fixtures/images/alpine-310.tar.gz", CreatedAt 2021-08-25T12:20:30Z,
 * 4 medium findings (CVE-2019-1549 and CVE-2019-1551, each in libcrypto1.1
 * and libssl1.1), imported on 2026-12-02.
 */
const ALPINE = fileURLToPath(new URL("../importers/trivy/fixtures/alpine-310.json", import.meta.url));
const TARGET = "testdata/fixtures/images/alpine-310.tar.gz";
const NOW = Date.parse("2026-12-02T09:00:00Z");

for (const engine of ENGINES) {
  describe(`a Trivy report from 2021 judged in 2026-11 on ${engine.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    const config = parseConfig({});
    beforeAll(async () => {
      ({ store, dispose } = await createTestStore(engine));
      await importFile(store, { source: fileSource(ALPINE), options: { timezone: "UTC" }, now: NOW });
    });
    afterAll(async () => dispose());

    const november = () =>
      (vulnerabilities.families[0] as (typeof vulnerabilities.families)[number]).compute(store, {
        period: parsePeriod("2026-11", { timezone: "UTC", iterations: [] }),
        now: NOW,
        config,
      });

    it("names the image as not rescanned since 2021-08-25, its 4 findings still counted", async () => {
      // 2021-08-25 → 2026-08-25 is 1826 d (five years and 2024-02-29), → 2026-12-01 98 d more:
      // 1924 d from midnight; the scan ran at 12:20:30, so 1923 whole days before Dec 1.
      expect((await november()).open_vulnerabilities).toMatchObject({
        value: 4,
        details: {
          not_rescanned: 4,
          targets_not_rescanned: [
            {
              target: TARGET,
              tool: "trivy",
              last_scan_at: "2021-08-25T12:20:30.000Z",
              days_since_last_scan: 1923,
              open: 4,
              by_severity: { medium: 4 },
            },
          ],
        },
      });
    });

    it("stops counting them once the image is retired", async () => {
      const retiredAt = NOW + 60_000;
      await retireTarget(
        store,
        createAuthStore(store),
        { name: TARGET, reason: "test image", actor: "cli:ana", now: retiredAt },
        config,
      );
      const listed = await listScanTargets(store, config, retiredAt + 1);
      expect(listed.targets).toEqual([
        {
          target: TARGET,
          tool: "trivy",
          first_scan_at: "2021-08-25T12:20:30.000Z",
          last_scan_at: "2021-08-25T12:20:30.000Z",
          scans: 1,
          // From 2021-08-25T12:20:30 to 2026-12-02T09:01:00.001: 1924 d (see above) + 20.7 h.
          days_since_last_scan: 1924,
          state: "retired",
          open_findings: 4,
          open_by_severity: { medium: 4 },
          retired_at: "2026-12-02T09:01:00.000Z",
          retired_by: "cli:ana",
          retire_reason: "test image",
        },
      ]);
      // 2026-11 ended on Dec 1, before the retirement: it still counts the 4.
      expect((await november()).open_vulnerabilities?.value).toBe(4);
    });
  });
}
