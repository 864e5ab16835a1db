import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../config/load.ts";
import { fileSource } from "../importers/file-source.ts";
import type { Store } from "../store/store.ts";
import { createTestStore, ENGINES } from "../test-support/engines.ts";
import { computeKpis } from "./compute-kpis.ts";
import { listFindings } from "./findings.ts";
import { importFile } from "./import-file.ts";

/*
 * Semgrep's own SARIF snapshot of a file with a "# nosemgrep" line, imported
 * for target "repo" on 2026-09-10: 2 results of one rule (level error, so
 * high), the one on line 1 with an inSource suppression and no status
 * (accepted), the one on line 3 without. By hand: 1 open finding, 1
 * suppressed, both first seen in September.
 */
const SEMGREP = fileURLToPath(
  new URL("../importers/sarif/fixtures/semgrep-nosemgrep.sarif", import.meta.url),
);
const SCANNED = Date.parse("2026-09-10T00:00:00Z");
const NOW = Date.parse("2026-10-02T08:00:00Z");

for (const engine of ENGINES) {
  describe(`a suppressed SARIF result in the KPIs and findings on ${engine.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    const config = parseConfig({});
    beforeAll(async () => {
      ({ store, dispose } = await createTestStore(engine));
      await importFile(store, {
        source: fileSource(SEMGREP),
        options: { timezone: "UTC", target: "repo", scannedAt: SCANNED },
        now: NOW,
      });
    });
    afterAll(async () => dispose());

    it("leaves it out of the counts and shows it in their excluded details", async () => {
      const report = await computeKpis(store, "2026-09", { config, now: NOW });
      const metric = (id: string) => report.metrics.find((m) => m.id === id);
      // 2 results − 1 suppressed = 1 open, high; the suppressed one is excluded.
      expect(metric("open_vulnerabilities")).toMatchObject({
        value: 1,
        details: { excluded: { suppressed: 1 } },
      });
      expect(metric("open_high_vulnerabilities")).toMatchObject({
        value: 1,
        details: { excluded: { suppressed: 1 } },
      });
      expect(metric("sast_findings_new")).toMatchObject({
        value: 1,
        details: { excluded: { suppressed: 1 } },
      });
    });

    it("lists it with findings --status suppressed", async () => {
      const list = (status: "open" | "suppressed") =>
        listFindings(store, { status, limit: 10 }, config, NOW).then((found) =>
          found.rows.map((row) => [row.vulnerability_id, row.location, row.status]),
        );
      expect(await list("suppressed")).toEqual([
        ["rules.detected-aws-account-id", "targets/basic/regex-nosemgrep.txt:1", "suppressed"],
      ]);
      expect(await list("open")).toEqual([
        ["rules.detected-aws-account-id", "targets/basic/regex-nosemgrep.txt:3", "open"],
      ]);
    });
  });
}
