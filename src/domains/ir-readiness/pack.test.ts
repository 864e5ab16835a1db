import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeKpis } from "../../app/compute-kpis.ts";
import { drillDown } from "../../app/drill-down.ts";
import { importFile } from "../../app/import-file.ts";
import { parseConfig } from "../../config/load.ts";
import { bufferSource, directorySource } from "../../importers/file-source.ts";
import { InvalidInputError } from "../../model/errors.ts";
import type { Store } from "../../store/store.ts";
import { createTestStore, ENGINES } from "../../test-support/engines.ts";

/*
 * The plan src/importers/ir-plan/fixtures/northwind-ir-plan.yaml (read at
 * 09-15, and again on 2027-03-20), the roster
 * src/importers/people/fixtures/roster-2026-09.csv (snapshot 09-30) and the
 * tabletops folder src/importers/tabletops/fixtures/northwind-tabletops
 * (read 10-05). Expected values, by hand (UTC):
 *
 * ir_roles_filled, 2026-09 (end 10-01; roster of 09-30):
 *   incident_commander alice (P01) + P02, both active: filled; communications: no deputy;
 *   legal: dan (P04) inactive: left; engineering_lead: P03 deputises for P03;
 *   scribe: Grace (P07, active) + zoe, on no roster; security_lead P01 + P07: filled → 2 / 6 = 33.33 %.
 *   2026-08 (end 09-01): before the plan's first read → no data.
 * runbooks_reviewed (last review + cadence ≥ period end):
 *   2026-09: data-breach 04-20 + P6M = 10-20 ✓; regulator 2025-09-30 + P1Y = 09-30 < 10-01 ✗;
 *            ransomware 07-10 + P3M = 10-10 ✓; insider 01-05 + P1Y (plan default) ✓; supply-chain never ✗
 *            → 3 / 5 = 60 %.
 *   2026-10 (end 11-01): data-breach and ransomware now overdue too → 1 / 5 = 20 %.
 *   2027-03 (end 04-01, plan read again 03-20): insider due 2027-01-05 too → 0 / 5.
 * runbooks_exercised (a tabletop held in the 12 months before the end named it):
 *   2026-09 (since 2025-10-01): Q1 03-12 ran RB-data-breach (id) and runbooks/regulator-notification.md
 *            (link); Q2 07-08 ran runbooks/ransomware.md; Q3 ran none → 3 / 5 = 60 %.
 *   2027-03 (since 2026-04-01): Q1 03-12 too old; Q2 still counts → 1 / 5 = 20 %.
 */
const NOW = Date.parse("2026-10-06T12:00:00Z");
const LATER = Date.parse("2027-04-02T00:00:00Z");
const fixture = (path: string) => fileURLToPath(new URL(`../../importers/${path}`, import.meta.url));

for (const engine of ENGINES) {
  describe(`incident-response readiness on ${engine.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    const config = parseConfig({});
    const metrics = async (period: string, now = NOW) => {
      const report = await computeKpis(store, period, { config, now });
      return Object.fromEntries(report.metrics.map((m) => [m.id, m]));
    };
    const importPlan = async (name: string, scannedAt: string) =>
      importFile(store, {
        source: bufferSource(name, await readFile(fixture(`ir-plan/fixtures/${name}`))),
        options: { timezone: "UTC", scannedAt: Date.parse(scannedAt) },
        now: NOW,
      });

    beforeAll(async () => {
      ({ store, dispose } = await createTestStore(engine));
      const roster = "people/fixtures/roster-2026-09.csv";
      await importFile(store, {
        source: bufferSource("roster-2026-09.csv", await readFile(fixture(roster))),
        options: { timezone: "UTC" },
        now: NOW,
      });
      await importFile(store, {
        source: directorySource(fixture("tabletops/fixtures/northwind-tabletops")),
        options: { timezone: "UTC", scannedAt: Date.parse("2026-10-05T12:00:00Z") },
        now: NOW,
      });
      await importPlan("northwind-ir-plan.yaml", "2026-09-15T12:00:00Z");
    });
    afterAll(async () => dispose());

    it("imports the plan once, and refuses a broken one leaving the store unchanged", async () => {
      expect((await importPlan("northwind-ir-plan.yaml", "2026-09-15T12:00:00Z")).status).toBe("unchanged");
      const refused = importPlan("invalid-ir-plan.yaml", "2026-09-20T00:00:00Z");
      await expect(refused).rejects.toThrow(InvalidInputError);
      await expect(refused).rejects.toThrow(/invalid-ir-plan\.yaml:7: role incident_commander: listed again/);
      expect((await store.snapshot("ir_role", Number.MAX_SAFE_INTEGER)).length).toBe(6);
      expect((await store.snapshot("ir_plan", Number.MAX_SAFE_INTEGER)).map((p) => p.external_id)).toEqual([
        "IRP-northwind",
      ]);
    });

    it("counts the roles with an active holder and deputy, from the roster at the period end", async () => {
      expect((await metrics("2026-08")).ir_roles_filled?.value).toBeNull();
      const september = (await metrics("2026-09")).ir_roles_filled;
      expect(september?.value).toBeCloseTo(200 / 6, 10);
      expect(september?.details).toEqual({
        unfilled: ["communications", "engineering_lead", "legal", "scribe"],
        roster_checked: true,
      });
      const roles = await drillDown(store, "ir_roles_filled", "2026-09", config);
      expect(roles.rows.map((r) => [r.id, r.counted, r.note])).toEqual([
        ["communications", false, "no deputy"],
        ["engineering_lead", false, "the holder is their own deputy"],
        ["legal", false, "holder dan@example.com has left"],
        ["scribe", false, "deputy zoe@example.com is not on the roster"],
        ["incident_commander", true, null],
        ["security_lead", true, null],
      ]);
      expect(roles.rows[0]?.provenance.file_name).toBe("northwind-ir-plan.yaml");
    });

    it("judges each runbook's last review against its cadence at the period end", async () => {
      const september = (await metrics("2026-09")).runbooks_reviewed;
      expect(september?.value).toBe(60);
      expect(september?.details).toEqual({ reviewed: 3, overdue: 1, never_reviewed: 1 });
      expect((await metrics("2026-10")).runbooks_reviewed?.value).toBe(20);
      const runbooks = await drillDown(store, "runbooks_reviewed", "2026-10", config);
      expect(runbooks.rows.map((r) => [r.id, r.fields.verdict, r.note])).toEqual([
        ["RB-data-breach", "overdue", "review due by 2026-10-19"],
        ["RB-ransomware", "overdue", "review due by 2026-10-09"],
        ["RB-regulator", "overdue", "review due by 2026-09-29"],
        ["RB-supply-chain", "never_reviewed", "never reviewed"],
        ["RB-insider", "reviewed", null],
      ]);
    });

    it("counts the runbooks a tabletop of the last 12 months ran, by id or by link", async () => {
      const september = (await metrics("2026-09")).runbooks_exercised;
      expect(september?.value).toBe(60);
      expect(september?.details).toEqual({ not_exercised: ["RB-insider", "RB-supply-chain"] });
      const runbooks = await drillDown(store, "runbooks_exercised", "2026-09", config);
      expect(runbooks.rows.map((r) => [r.id, r.fields.exercised_by, r.note])).toEqual([
        ["RB-insider", null, "no tabletop ran it since 2025-10-01"],
        ["RB-supply-chain", null, "no tabletop ran it since 2025-10-01"],
        ["RB-data-breach", "TTX-2026-Q1", null],
        ["RB-ransomware", "TTX-2026-Q2", null],
        ["RB-regulator", "TTX-2026-Q1", null],
      ]);
    });

    it("lets an exercise lapse after 12 months, the plan read again", async () => {
      await importPlan("northwind-ir-plan.yaml", "2027-03-20T00:00:00Z");
      const march = await metrics("2027-03", LATER);
      expect(march.runbooks_exercised?.value).toBe(20);
      expect(march.runbooks_reviewed?.value).toBe(0);
      expect(march.ir_roles_filled?.value).toBeCloseTo(200 / 6, 10);
    });
  });
}
