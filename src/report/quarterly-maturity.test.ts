import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importFile } from "../app/import-file.ts";
import { parseConfig } from "../config/load.ts";
import { bufferSource } from "../importers/file-source.ts";
import type { Store } from "../store/store.ts";
import { createTestStore, ENGINES } from "../test-support/engines.ts";
import { buildQuarterlyReport } from "./build-quarterly.ts";

/*
 * The payments team's April 2026 SAMM assessment of src/importers/samm/fixtures
 * with the targets and weights of domains/maturity/pack.test.ts, where its
 * scores are worked out by hand. Its 9 gaps, gap × weight:
 *   D-TA .125 Initial → 2 Defined: 1.875 × 2 = 3.75;  V-AA 0 → 1.5: 1.5 × 1.5 = 2.25;
 *   V-RT .5 → 1.5: 1 × 1.5 = 1.5;  G-EG .375 → 1.5: 1.125;  O-OM .75 → 1.5: .75;
 *   G-SM 1 → 1.5: .5;  I-DM 1.125 → 1.5: .375;  O-IM 1.25 → 1.5: .25;  O-EM 1.375 → 1.5: .125.
 * Q1 2026 ends before it: no assessment. Q2 and Q3 end after it, before October's.
 */
const NOW = Date.parse("2026-10-25T12:00:00Z");
const config = parseConfig({
  maturity: {
    targets: { default: "Defined", "D-TA": 2, "I-SB": "Managed" },
    function_weights: { Design: 2, Verification: 1.5 },
  },
});

for (const engine of ENGINES) {
  describe(`the quarterly report's maturity roadmap on ${engine.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    const roadmap = async (quarter: string) => {
      const report = await buildQuarterlyReport(store, quarter, { config, now: NOW });
      return report.sections.find((section) => section.id === "maturity");
    };

    beforeAll(async () => {
      ({ store, dispose } = await createTestStore(engine));
      const name = "payments-2026-04.yaml";
      const data = await readFile(new URL(`../importers/samm/fixtures/${name}`, import.meta.url));
      await importFile(store, { source: bufferSource(name, data), options: { timezone: "UTC" }, now: NOW });
    });
    afterAll(async () => dispose());

    it("lists the gaps of the latest assessment before the quarter's end, the largest weighted gap first", async () => {
      const section = await roadmap("2026-Q3");
      expect(section?.rows.map((row) => row.slice(0, 7))).toEqual([
        ["1", "payments", "D-TA Threat Assessment", "0.13 Initial", "2.00 Defined", "1.88", "2"],
        ["2", "payments", "V-AA Architecture Assessment", "0.00 Initial", "1.50 Defined", "1.50", "1.5"],
        [
          "3",
          "payments",
          "V-RT Requirements-driven Testing",
          "0.50 Developing",
          "1.50 Defined",
          "1.00",
          "1.5",
        ],
        ["4", "payments", "G-EG Education and Guidance", "0.38 Initial", "1.50 Defined", "1.13", "1"],
        ["5", "payments", "O-OM Operational Management", "0.75 Developing", "1.50 Defined", "0.75", "1"],
        ["6", "payments", "G-SM Strategy and Metrics", "1.00 Developing", "1.50 Defined", "0.50", "1"],
        ["7", "payments", "I-DM Defect Management", "1.13 Developing", "1.50 Defined", "0.38", "1"],
        ["8", "payments", "O-IM Incident Management", "1.25 Developing", "1.50 Defined", "0.25", "1"],
        ["9", "payments", "O-EM Environment Management", "1.38 Developing", "1.50 Defined", "0.13", "1"],
      ]);
      expect(section?.definition).toContain("payments: assessed 2026-04-15");
      expect((await roadmap("2026-Q2"))?.rows).toHaveLength(9);
    });

    it("says no assessment was imported before the quarter's end", async () => {
      const section = await roadmap("2026-Q1");
      expect(section?.rows).toEqual([]);
      expect(section?.empty).toBe(
        "No SAMM assessment before the quarter's end: import one (samm-yaml, samm-csv).",
      );
    });
  });
}
