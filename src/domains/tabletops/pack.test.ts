import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeKpis } from "../../app/compute-kpis.ts";
import { drillDown } from "../../app/drill-down.ts";
import { importFile } from "../../app/import-file.ts";
import { parseConfig } from "../../config/load.ts";
import { bufferSource, directorySource } from "../../importers/file-source.ts";
import { InvalidInputError } from "../../model/errors.ts";
import { reportInput } from "../../report/report-input.ts";
import type { Store } from "../../store/store.ts";
import { createTestStore, ENGINES } from "../../test-support/engines.ts";

/*
 * The tabletops folder src/importers/tabletops/fixtures/northwind-tabletops
 * (read at 10-05 12:00Z) and the action items register
 * src/importers/action-items/fixtures/register.csv (09-30 12:00Z). Expected
 * values, by hand (UTC; a quarter's tabletop is due by its end, grace 0):
 *
 * tabletops_on_schedule (quarters of the period's year begun by its end; pending ones left out)
 *   2026-03 (end 04-01): Q1 held 03-12, every output: on time → 1 / 1 = 100 %.
 *   2026-06 (end 07-01): Q1 on time; Q2 due 07-01, held only on 07-08: not held → 1 / 2 = 50 %.
 *   2026-Q3 (end 10-01): Q1 on time; Q2 held 07-08 ≥ due 07-01: held late; Q3 held 09-17 with no
 *            runbook updated, due 10-01: incomplete → 1 / 3 = 33.33 %.
 *   2026-10 (end 11-01): the same three; Q4 due 2027-01-01, not held yet: pending → 1 / 3.
 *   2026-12 (end 2027-01-01), the folder read again on 12-20: Q4 due and not held → 1 / 4 = 25 %.
 *   2026-02 (end 03-01): before the first tabletop (03-12) → no data.
 *   grace_days 10, 2026-Q3: Q2 due 07-11, held 07-08: on time; Q3 due 10-11, after the end: pending
 *            → 2 / 2 = 100 %.
 * tabletop_actions_closed (origin tabletop, created by the end, not dropped; verified by the end)
 *   2026-09 (end 10-01): only the register (09-30) is before it: T-1 overdue (due 09-01) → 0 / 1 = 0 %.
 *   2026-10 (end 11-01): T-1 overdue; TTX-1-1 verified 04-20; TTX-1-2 done, not verified; TTX-2-1 overdue
 *            (due 08-31);
 *            TTX-3-1 verified 10-02; TTX-3-2 not doing, left out → 2 / 5 = 40 %.
 */
const NOW = Date.parse("2026-10-06T12:00:00Z");
const LATER = Date.parse("2027-01-02T00:00:00Z");
const fixture = (path: string) => fileURLToPath(new URL(`../../importers/${path}`, import.meta.url));

for (const engine of ENGINES) {
  describe(`tabletop exercises on ${engine.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    const config = parseConfig({});
    const metrics = async (period: string, on = config, now = NOW) => {
      const report = await computeKpis(store, period, { config: on, now });
      return Object.fromEntries(report.metrics.map((m) => [m.id, m]));
    };
    const importFolder = (name: string, scannedAt = "2026-10-05T12:00:00Z") =>
      importFile(store, {
        source: directorySource(fixture(`tabletops/fixtures/${name}`)),
        options: { timezone: "UTC", scannedAt: Date.parse(scannedAt) },
        now: NOW,
      });

    beforeAll(async () => {
      ({ store, dispose } = await createTestStore(engine));
      await importFile(store, {
        source: bufferSource("register.csv", await readFile(fixture("action-items/fixtures/register.csv"))),
        options: { timezone: "UTC" },
        now: NOW,
      });
      await importFolder("northwind-tabletops");
    });
    afterAll(async () => dispose());

    it("imports the folder in one go, and again changes nothing", async () => {
      const again = await importFolder("northwind-tabletops");
      expect(again.status).toBe("unchanged");
      expect((await store.snapshot("tabletop", Number.MAX_SAFE_INTEGER)).length).toBe(3);
      expect((await store.snapshot("action_item", Number.MAX_SAFE_INTEGER)).length).toBe(5 + 5);
    });

    it("refuses a folder whose front matter does not parse and leaves the store unchanged", async () => {
      const refused = importFolder("broken-tabletops");
      await expect(refused).rejects.toThrow(InvalidInputError);
      await expect(refused).rejects.toThrow(/2026-12-01-ttx-supply-chain\.md:6:/);
      expect((await store.snapshot("tabletop", Number.MAX_SAFE_INTEGER)).map((t) => t.external_id)).toEqual([
        "TTX-2026-Q1",
        "TTX-2026-Q2",
        "TTX-2026-Q3",
      ]);
    });

    it("judges each quarter of the year so far against the schedule", async () => {
      expect((await metrics("2026-02")).tabletops_on_schedule?.value).toBeNull();
      expect((await metrics("2026-03")).tabletops_on_schedule?.value).toBe(100);
      const june = (await metrics("2026-06")).tabletops_on_schedule;
      expect(june?.value).toBe(50);
      expect(june?.details).toMatchObject({ on_time: 1, not_held: 1, not_held_quarters: ["2026-Q2"] });
      const q3 = (await metrics("2026-Q3")).tabletops_on_schedule;
      expect(q3?.value).toBeCloseTo(100 / 3, 10);
      expect(q3?.details).toMatchObject({ on_time: 1, held_late: 1, incomplete: 1, not_held: 0, pending: 0 });
      const october = (await metrics("2026-10")).tabletops_on_schedule;
      expect(october?.value).toBeCloseTo(100 / 3, 10);
      expect(october?.details).toMatchObject({ pending: 1 });
    });

    it("takes the grace period from the config", async () => {
      const lenient = parseConfig({ tabletops: { grace_days: 10 } });
      const q3 = (await metrics("2026-Q3", lenient)).tabletops_on_schedule;
      expect(q3?.value).toBe(100);
      expect(q3?.details).toMatchObject({ on_time: 2, pending: 1 });
    });

    it("counts the tabletops' action items closed only once verified, from folders and registers alike", async () => {
      const september = (await metrics("2026-09")).tabletop_actions_closed;
      expect(september?.value).toBe(0);
      expect(september?.n).toBe(1);
      const october = (await metrics("2026-10")).tabletop_actions_closed;
      expect(october?.value).toBe(40);
      expect(october?.details).toEqual({ by_state: { overdue: 2, verified: 2, unverified: 1 } });
    });

    it("drills into each quarter and each action with why it does or does not count", async () => {
      const quarters = await drillDown(store, "tabletops_on_schedule", "2026-10", config);
      expect(quarters.rows.map((r) => [r.id, r.fields.verdict, r.counted, r.note])).toEqual([
        ["2026-Q1", "on_time", true, null],
        ["2026-Q2", "held_late", false, "held 2026-07-08, after its due date 2026-06-30"],
        ["2026-Q3", "incomplete", false, "held 2026-09-17: no runbook updated"],
        ["2026-Q4", "pending", false, "due by 2026-12-31"],
      ]);
      // Legal missed the ransomware exercise; comms and the sponsor missed the insider one (HR came instead).
      expect(quarters.rows.map((r) => r.fields.roles_absent)).toEqual([
        null,
        "legal",
        "comms, exec_sponsor",
        null,
      ]);
      expect(quarters.rows[1]?.provenance.file_name).toBe("northwind-tabletops");
      const actions = await drillDown(store, "tabletop_actions_closed", "2026-10", config);
      expect(actions.rows.map((r) => [r.id, r.counted, r.note])).toEqual([
        ["T-1", false, "overdue"],
        ["TTX-1-1", true, null],
        ["TTX-1-2", false, "done, not verified"],
        ["TTX-2-1", false, "overdue"],
        ["TTX-3-1", true, null],
        ["TTX-3-2", false, "decided against: left out"],
      ]);
    });

    it("turns a missed quarter into a review recommendation naming it", async () => {
      const kpis = await computeKpis(store, "2026-06", { config, now: NOW });
      const { review } = await reportInput(store, kpis, config);
      const missed = review.recommendations.find((r) => r.metric_id === "tabletops_on_schedule");
      expect(missed?.kind).toBe("missed_target");
      expect(missed?.title).toBe("Hold or complete: Q2 tabletop (ransomware / destructive attack) not held");
      expect(missed?.records.map((r) => [r.label, r.detail])).toEqual([
        ["Q2 tabletop (ransomware / destructive attack) not held", "due by 2026-06-30"],
      ]);
    });

    it("counts a quarter whose due date passed without a tabletop as missed", async () => {
      // The same folder read again on 12-20: Q4 still has no tabletop when the year ends.
      await importFolder("northwind-tabletops", "2026-12-20T12:00:00Z");
      const december = (await metrics("2026-12", config, LATER)).tabletops_on_schedule;
      expect(december?.value).toBe(25);
      expect(december?.details).toMatchObject({ not_held_quarters: ["2026-Q4"] });
    });
  });
}
