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
import { answersBefore } from "./queries.ts";
import { assessmentsOf } from "./scoring.ts";
import { maturityStatus } from "./status.ts";

/*
 * The hand-made assessments of src/importers/samm/fixtures, with targets
 * Defined (1.5) by default, 2 for D-TA and Managed (2.25) for I-SB, and the
 * weights Design 2, Verification 1.5. Practice score = mean of the two
 * streams, each the sum of its level 1–3 answers (A1 A2 A3 | B1 B2 B3):
 *
 * payments, 2026-04-15 (O-OM-3-B unanswered: "No")
 *   G-SM 1 .5 0 | .5 0 0     → (1.5 + 0.5) / 2   = 1.0    Developing  gap .5    × 1   = .5
 *   G-PC 1 1 .25 | 1 .5 0    → (2.25 + 1.5) / 2  = 1.875  Defined
 *   G-EG .5 0 0 | .25 0 0    → (.5 + .25) / 2    = .375   Initial     gap 1.125 × 1   = 1.125
 *   D-TA .25 0 0 | 0 0 0     → .25 / 2           = .125   Initial     gap 1.875 × 2   = 3.75
 *   D-SR 1 .5 .5 | 1 .25 0   → (2 + 1.25) / 2    = 1.625  Defined
 *   D-SA 1 1 .5 | 1 .5 .25   → (2.5 + 1.75) / 2  = 2.125  Defined
 *   I-SB 1 1 1 | 1 1 .5      → (3 + 2.5) / 2     = 2.75   Optimizing  (target 2.25: met)
 *   I-SD 1 1 .5 | 1 1 .5     → (2.5 + 2.5) / 2   = 2.5    Managed
 *   I-DM 1 .5 0 | .5 .25 0   → (1.5 + .75) / 2   = 1.125  Developing  gap .375  × 1   = .375
 *   V-AA 0 0 0 | 0 0 0       → 0                          Initial     gap 1.5   × 1.5 = 2.25
 *   V-RT .5 .25 0 | .25 0 0  → (.75 + .25) / 2   = .5     Developing  gap 1     × 1.5 = 1.5
 *   V-ST 1 .5 .25 | 1 .5 0   → (1.75 + 1.5) / 2  = 1.625  Defined
 *   O-IM 1 .5 .25 | .5 .25 0 → (1.75 + .75) / 2  = 1.25   Developing  gap .25   × 1   = .25
 *   O-EM 1 .5 0 | 1 .25 0    → (1.5 + 1.25) / 2  = 1.375  Developing  gap .125  × 1   = .125
 *   O-OM .5 .25 0 | .5 .25 – → (.75 + .75) / 2   = .75    Developing  gap .75   × 1   = .75
 *   sum 19 → maturity_score 19 / 15; maturity_gaps 9.
 * payments, 2026-10-14: D-TA 1 .5 0 | .5 0 0 → 1.0 (+.875, gap 1 × 2 = 2);
 *   V-AA .5 0 0 | .25 0 0 → .375 (+.375, gap 1.125 × 1.5 = 1.6875); G-EG 1 .25 0 | .5 0 0 →
 *   .875 (+.5, gap .625); O-OM-3-B answered 0 (.75, no change); the rest as in April.
 *   sum 19 + .875 + .375 + .5 = 20.75 → mean 20.75 / 15 ≈ 1.383; 9 gaps.
 * mobile, 2026-10-20: I-SB-1-A 1, I-SB-1-B 1 → I-SB 1.0; I-SD-1-A .5 → I-SD .25; the rest 0:
 *   sum 1.25; every practice below its target → 15 gaps.
 * October: maturity_score (20.75 + 1.25) / 30 = 22 / 30; maturity_gaps 9 + 15 = 24.
 */
const NOW = Date.parse("2026-10-25T12:00:00Z");
const fixture = (name: string) =>
  fileURLToPath(new URL(`../../importers/samm/fixtures/${name}`, import.meta.url));
const config = parseConfig({
  maturity: {
    targets: { default: "Defined", "D-TA": 2, "I-SB": "Managed" },
    function_weights: { Design: 2, Verification: 1.5 },
  },
});

for (const engine of ENGINES) {
  describe(`SAMM maturity on ${engine.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    const metrics = async (period: string) => {
      const report = await computeKpis(store, period, { config, now: NOW });
      return Object.fromEntries(report.metrics.map((m) => [m.id, m]));
    };
    const importFixture = async (name: string) =>
      importFile(store, {
        source: bufferSource(name, await readFile(fixture(name))),
        options: { timezone: "UTC" },
        now: NOW,
      });

    beforeAll(async () => {
      ({ store, dispose } = await createTestStore(engine));
      await importFixture("payments-2026-04.yaml");
      await importFixture("reassessment-2026-10.csv");
    });
    afterAll(async () => dispose());

    it("imports each assessment once: again changes nothing, a bad file nothing at all", async () => {
      expect((await importFixture("payments-2026-04.yaml")).status).toBe("unchanged");
      const refused = importFixture("invalid.csv");
      await expect(refused).rejects.toThrow(InvalidInputError);
      await expect(refused).rejects.toThrow(/invalid\.csv:3:/);
      expect(await answersBefore(store, Number.MAX_SAFE_INTEGER)).toHaveLength(89 + 93);
    });

    it("scores every practice by SAMM's formula and names its level", async () => {
      const status = maturityStatus(
        assessmentsOf(await answersBefore(store, Date.parse("2026-05-01T00:00:00Z"))),
        Date.parse("2026-05-01T00:00:00Z"),
        config.maturity,
      );
      const [payments] = status.scopes;
      expect(status.scopes).toHaveLength(1);
      expect(payments?.practices.map((p) => [p.practice, p.score, p.level])).toEqual([
        ["G-SM", 1, "Developing"],
        ["G-PC", 1.875, "Defined"],
        ["G-EG", 0.375, "Initial"],
        ["D-TA", 0.125, "Initial"],
        ["D-SR", 1.625, "Defined"],
        ["D-SA", 2.125, "Defined"],
        ["I-SB", 2.75, "Optimizing"],
        ["I-SD", 2.5, "Managed"],
        ["I-DM", 1.125, "Developing"],
        ["V-AA", 0, "Initial"],
        ["V-RT", 0.5, "Developing"],
        ["V-ST", 1.625, "Defined"],
        ["O-IM", 1.25, "Developing"],
        ["O-EM", 1.375, "Developing"],
        ["O-OM", 0.75, "Developing"],
      ]);
      expect(payments?.practices.find((p) => p.practice === "O-OM")?.unanswered).toBe(1);
      expect(payments?.practices.find((p) => p.practice === "D-TA")?.streams).toEqual({ A: 0.25, B: 0 });
    });

    it("orders the roadmap by gap × business-function weight", async () => {
      const at = Date.parse("2026-05-01T00:00:00Z");
      const { roadmap } = maturityStatus(assessmentsOf(await answersBefore(store, at)), at, config.maturity);
      expect(roadmap.map((gap) => [gap.practice, gap.priority])).toEqual([
        ["D-TA", 3.75],
        ["V-AA", 2.25],
        ["V-RT", 1.5],
        ["G-EG", 1.125],
        ["O-OM", 0.75],
        ["G-SM", 0.5],
        ["I-DM", 0.375],
        ["O-IM", 0.25],
        ["O-EM", 0.125],
      ]);
      // Target 2 needs levels 1 and 2: the activities not yet answered in full, level 1 first.
      expect(roadmap[0]?.next.map((activity) => [activity.question, activity.answer])).toEqual([
        ["D-TA-1-A", 0.25],
        ["D-TA-1-B", 0],
        ["D-TA-2-A", 0],
        ["D-TA-2-B", 0],
      ]);
    });

    it("shows the change since the previous assessment", async () => {
      const { scopes, roadmap } = maturityStatus(
        assessmentsOf(await answersBefore(store, NOW)),
        NOW,
        config.maturity,
      );
      const payments = scopes.find((scope) => scope.scope === "payments");
      expect(payments?.previous_assessed_at).toBe(Date.parse("2026-04-15T00:00:00Z"));
      expect(payments?.score).toBeCloseTo(20.75 / 15, 12);
      expect(
        payments?.practices.filter((p) => p.change !== 0).map((p) => [p.practice, p.previous, p.change]),
      ).toEqual([
        ["G-EG", 0.375, 0.5],
        ["D-TA", 0.125, 0.875],
        ["V-AA", 0, 0.375],
      ]);
      expect(scopes.find((scope) => scope.scope === "mobile")?.previous_assessed_at).toBeNull();
      expect(roadmap.filter((gap) => gap.scope === "payments").map((gap) => gap.practice)).toEqual([
        "D-TA",
        "V-AA",
        "V-RT",
        "O-OM",
        "G-EG",
        "G-SM",
        "I-DM",
        "O-IM",
        "O-EM",
      ]);
    });

    it("computes maturity_score and maturity_gaps per period from each scope's latest assessment", async () => {
      const april = await metrics("2026-04");
      expect(april.maturity_score?.value).toBeCloseTo(19 / 15, 12);
      expect(april.maturity_gaps?.value).toBe(9);
      const may = await metrics("2026-05");
      expect(may.maturity_score?.value).toBeCloseTo(19 / 15, 12);
      expect(may.maturity_score?.status).not.toBe("stale");
      const october = await metrics("2026-10");
      expect(october.maturity_score?.value).toBeCloseTo(22 / 30, 12);
      expect(october.maturity_gaps?.value).toBe(24);
      expect(october.maturity_gaps?.details).toEqual({ by_scope: { mobile: 15, payments: 9 } });
      expect((await metrics("2026-03")).maturity_score?.value).toBeNull();
    });

    it("drills into the answers of the practices below target, earlier assessments superseded", async () => {
      const drill = await drillDown(store, "maturity_gaps", "2026-10", config);
      // payments: 9 practices below target × 6 answers = 54; mobile: its 3 answers, all below.
      expect(drill.rows.filter((row) => row.counted)).toHaveLength(57);
      expect(drill.rows.filter((row) => row.note?.startsWith("superseded"))).toHaveLength(89);
      expect(drill.rows.filter((row) => row.note === "practice at or above its target")).toHaveLength(36);
    });
  });
}
