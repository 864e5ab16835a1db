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
 * The hand-made registers of src/importers/audit-findings/fixtures, imported
 * and counted end to end. Expected values, by hand from the fixtures (d = days):
 *
 * 2026-09 in UTC, [09-01, 10-01 00:00Z); latest snapshot register.yaml (09-15):
 *   open: AF-001 (external, high, due 09-01: 30 d overdue), AF-002 (internal, medium, due 12-01),
 *   AF-004 (regulator, low, risk accepted, due 10-01 00:00Z, the end itself: not overdue);
 *   closed: AF-003 on 09-11, opened 07-01: 72 d, within the period; AF-005 on 08-31, before it.
 *   → 3; overdue 1; mean time to close 72 d over 1 finding.
 * 2026-10 in UTC, [10-01, 11-01 00:00Z); latest snapshot register.csv (10-31), its 7 valid rows:
 *   open: AF-002 (due 10-20: 12 d), AF-004 (due 10-01: 31 d), AF-006 (external, critical,
 *   due 11-01, the end itself: 0 d), AF-007 (pentest, high, due 10-16: 16 d);
 *   closed within the period: AF-001 (06-01 → 10-21: 142 d), AF-008 (09-20 → 10-01 00:00Z,
 *   the start itself: 11 d); AF-003 closed in September; AF-005 is no longer listed.
 *   → 4; overdue 3; mean time to close (142 + 11) / 2 = 76.5 d over 2 findings.
 */
const NOW = Date.parse("2026-11-20T12:00:00Z");
const fixture = (name: string) =>
  readFile(new URL(`../../importers/audit-findings/fixtures/${name}`, import.meta.url));

async function importFixture(store: Store, name: string, skipInvalid = false) {
  return importFile(store, {
    source: bufferSource(name, await fixture(name)),
    options: { timezone: "UTC" },
    now: NOW,
    skipInvalid,
  });
}

for (const engine of ENGINES) {
  describe(`audit findings register on ${engine.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    const config = parseConfig({});
    const metric = async (period: string) => {
      const report = await computeKpis(store, period, { config, now: NOW });
      return report.metrics.find((m) => m.id === "audit_findings");
    };

    beforeAll(async () => {
      ({ store, dispose } = await createTestStore(engine));
      await importFixture(store, "register.yaml");
    });
    afterAll(async () => dispose());

    it("refuses the register with its invalid rows, naming file and line, and leaves the store unchanged", async () => {
      const refused = importFixture(store, "register.csv");
      await expect(refused).rejects.toThrow(InvalidInputError);
      await expect(refused).rejects.toThrow(/register\.csv:9: a closed finding needs closed_at/);
      expect((await metric("2026-09"))?.value).toBe(3);
    });

    it("counts each period from the latest snapshot before its end, with its breakdown", async () => {
      const outcome = await importFixture(store, "register.csv", true);
      expect(outcome.skipped.total).toBe(3);
      expect((await metric("2026-08"))?.value).toBeNull(); // before the first snapshot: no data
      const september = await metric("2026-09");
      expect(september?.value).toBe(3);
      expect(september?.details).toEqual({
        by_source: { external: 1, internal: 1, pentest: 0, regulator: 1 },
        by_severity: { critical: 0, high: 1, medium: 1, low: 1, info: 0 },
        overdue: 1,
        closed_in_period: 1,
        mean_days_to_close: 72,
        registers: ["audit-findings"],
      });
      const october = await metric("2026-10");
      expect(october?.value).toBe(4);
      expect(october?.details).toEqual({
        by_source: { external: 1, internal: 1, pentest: 1, regulator: 1 },
        by_severity: { critical: 1, high: 1, medium: 1, low: 1, info: 0 },
        overdue: 3,
        closed_in_period: 2,
        mean_days_to_close: 76.5,
        registers: ["audit-findings"],
      });
    });

    it("lists the open findings, the most overdue first", async () => {
      const { rows } = await drillDown(store, "audit_findings", "2026-10", config);
      expect(rows.map((r) => [r.id, r.fields.source, r.fields.severity, r.fields.days_overdue])).toEqual([
        ["AF-004", "regulator", "low", 31],
        ["AF-007", "pentest", "high", 16],
        ["AF-002", "internal", "medium", 12],
        ["AF-006", "external", "critical", 0],
      ]);
      expect(rows[0]?.fields).toMatchObject({
        control: "IA-5",
        owner: "dan",
        due_at: "2026-10-01T00:00:00.000Z",
      });
      expect(rows[0]?.provenance).toMatchObject({ line: 5 });
    });
  });
}
