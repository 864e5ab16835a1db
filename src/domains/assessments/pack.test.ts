import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeKpis } from "../../app/compute-kpis.ts";
import { drillDown } from "../../app/drill-down.ts";
import { importFile } from "../../app/import-file.ts";
import { parseConfig } from "../../config/load.ts";
import { bufferSource } from "../../importers/file-source.ts";
import { InvalidInputError } from "../../model/errors.ts";
import { reviewPeriod } from "../../review/review-period.ts";
import type { Store } from "../../store/store.ts";
import { createTestStore, ENGINES } from "../../test-support/engines.ts";
import type { DrillRow } from "../drill-row.ts";

/*
 * The registers of src/importers/assessments/fixtures (register.yaml at
 * 09-30 12:00Z, register.csv at 10-31 12:00Z) and the schedule below, 14
 * days' grace, in UTC. Expected values, by hand:
 *
 * assessments_on_schedule
 *   2026-09 (end 10-01): payments pen test due 2025-09-15 + 1 y = 09-15, held 09-20 (by 09-29): on time;
 *     red team due 06-30, held 07-25 after 07-14: late; vault audit due 08-31, still running
 *     and 09-14 passed: overdue; self-assessment first due 10-15: not due; infrastructure peer
 *     review due 06-20 + 90 d = 09-18, grace to 10-02 00:00Z, not held: pending
 *     → 1 / (1 + 1 + 1) = 33.3 %.
 *   2026-10 (end 11-01): pen test on time; red team still late (next due 2027-01-25); vault audit
 *     held 10-05: late; self-assessment due 10-15, grace to 10-29, not held: overdue; peer review
 *     held 10-02 00:00Z, the deadline itself: on time → 2 / 5 = 40 %.
 *   2026-08 (end 09-01): no register snapshot before it → no data.
 * assessment_findings_open
 *   2026-09: F-2 (pen test, high, due 10-20), RT-1 (red team, P1 = high, due 09-01: overdue);
 *     F-1, F-3, V-1 resolved in September → 2.
 *   2026-10: RT-1 (overdue), V-2 (audit, informational, found 10-05, no due date); F-2 resolved
 *     10-15 → 2.
 * assessment_remediation_verified
 *   2026-09: resolved F-1 (verified 09-28), F-3, V-1 → 1 / 3; 2026-10: F-1, F-2 (10-18), V-1
 *     (10-06) verified, F-3 not → 3 / 4 = 75 %.
 * action items of the assessments feed (the remediation plans: F-1, F-2, RT-1, V-1)
 *   2026-09: overdue RT-1 → 1; done unverified V-1 → 1. 2026-10: overdue RT-1 → 1; unverified 0.
 */
const NOW = Date.parse("2026-11-20T12:00:00Z");
const config = parseConfig({
  assessments: {
    grace: "14d",
    schedule: [
      { type: "external_assessment", scope: "payments api", cadence: "P1Y", last_held: "2025-09-15" },
      { type: "red_team", scope: "Production", cadence: "P6M", first_due: "2026-06-30" },
      { type: "smart_contract_audit", scope: "Vault contracts", cadence: "P3M", first_due: "2026-08-31" },
      { type: "self_assessment", scope: "ISO 27001 controls", cadence: "P3M", first_due: "2026-10-15" },
      { type: "peer_review", scope: "Infrastructure", cadence: "90d", last_held: "2026-06-20" },
    ],
  },
});
const fixture = (name: string) =>
  readFile(new URL(`../../importers/assessments/fixtures/${name}`, import.meta.url));

for (const engine of ENGINES) {
  describe(`continuous assessment on ${engine.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    const importFixture = async (name: string) =>
      importFile(store, {
        source: bufferSource(name, await fixture(name)),
        options: { timezone: "UTC" },
        now: NOW,
      });
    const metrics = async (period: string) => {
      const report = await computeKpis(store, period, { config, now: NOW });
      return Object.fromEntries(report.metrics.map((m) => [m.id, m]));
    };

    beforeAll(async () => {
      ({ store, dispose } = await createTestStore(engine));
      await importFixture("register.yaml");
      await importFixture("register.csv");
    });
    afterAll(async () => dispose());

    it("imports a register again without change, and refuses an invalid one leaving the store unchanged", async () => {
      expect((await importFixture("register.csv")).status).toBe("unchanged");
      const refused = importFixture("register-invalid.csv");
      await expect(refused).rejects.toThrow(InvalidInputError);
      await expect(refused).rejects.toThrow(/register-invalid\.csv:3: scope differs from line 2/);
      const listed = await store.snapshot("assessment", Number.MAX_SAFE_INTEGER);
      expect(listed.map((a) => a.external_id).sort()).toEqual([
        "PR-2026-10",
        "PT-2026",
        "RT-2026-H1",
        "SC-2026-Q3",
      ]);
    });

    it("judges the schedule at each period end", async () => {
      expect((await metrics("2026-08")).assessments_on_schedule?.value).toBeNull();
      const september = (await metrics("2026-09")).assessments_on_schedule;
      expect(september?.value).toBeCloseTo(100 / 3, 10);
      expect(september?.details).toEqual({
        on_time: 1,
        late: 1,
        overdue: 1,
        pending: 1,
        not_due: 1,
        grace: "14d",
      });
      const october = (await metrics("2026-10")).assessments_on_schedule;
      expect(october?.value).toBe(40);
      expect(october?.details).toMatchObject({ on_time: 2, late: 2, overdue: 1, pending: 0, not_due: 0 });
    });

    it("counts the open findings by assessment type and the verified share of the resolved", async () => {
      const september = await metrics("2026-09");
      expect(september.assessment_findings_open?.value).toBe(2);
      expect(september.assessment_findings_open?.details).toEqual({
        by_type: { external_assessment: 1, red_team: 1 },
        by_severity: { critical: 0, high: 2, medium: 0, low: 0, info: 0 },
        overdue: 1,
      });
      expect(september.assessment_remediation_verified?.value).toBeCloseTo(100 / 3, 10);
      const october = await metrics("2026-10");
      expect(october.assessment_findings_open?.value).toBe(2);
      expect(october.assessment_findings_open?.details).toMatchObject({
        by_type: { red_team: 1, smart_contract_audit: 1 },
      });
      expect(october.assessment_remediation_verified?.value).toBe(75);
      expect(october.assessment_remediation_verified?.details).toEqual({ resolved: 4, unverified: 1 });
    });

    it("adds the remediation plans to the action items", async () => {
      const september = await metrics("2026-09");
      expect(september.action_items_overdue?.details).toMatchObject({ overdue_by_origin: { assessment: 1 } });
      expect(september.unverified_done_actions?.value).toBe(1);
      const october = await metrics("2026-10");
      expect(october.action_items_overdue?.value).toBe(1);
      expect(october.unverified_done_actions?.value).toBe(0);
    });

    it("drills into each metric by the same judgements", async () => {
      const schedule = await drillDown(store, "assessments_on_schedule", "2026-09", config);
      expect(schedule.rows.map((r) => [r.id, r.fields.standing, r.counted, r.fields.assessment])).toEqual([
        ["external_assessment: payments api", "on_time", true, "PT-2026"],
        ["red_team: Production", "late", true, "RT-2026-H1"],
        ["smart_contract_audit: Vault contracts", "overdue", true, null],
        ["self_assessment: ISO 27001 controls", "not_due", false, null],
        ["peer_review: Infrastructure", "pending", false, null],
      ]);
      expect(schedule.rows[1]?.provenance).toMatchObject({ file_name: "register.yaml" });
      expect(schedule.rows[2]?.provenance).toMatchObject({ file_name: "config: assessments.schedule[2]" });
      const open = await drillDown(store, "assessment_findings_open", "2026-09", config);
      expect(open.rows.filter((r) => r.counted).map((r) => r.id)).toEqual(["RT-2026-H1/RT-1", "PT-2026/F-2"]);
      const verified = await drillDown(store, "assessment_remediation_verified", "2026-10", config);
      expect(verified.rows.map((r) => [r.id, r.counted])).toEqual([
        ["PT-2026/F-3", false],
        ["PT-2026/F-1", true],
        ["PT-2026/F-2", true],
        ["SC-2026-Q3/V-1", true],
      ]);
    });

    it("recommends holding the overdue assessment, naming it, and verifying fixes", async () => {
      const report = await computeKpis(store, "2026-09", { config, now: NOW });
      const records = new Map<string, DrillRow[]>();
      for (const id of ["assessments_on_schedule", "assessment_remediation_verified"])
        records.set(id, (await drillDown(store, id, "2026-09", config)).rows);
      const { recommendations } = reviewPeriod(report, records);
      const missed = recommendations.find(
        (r) => r.metric_id === "assessments_on_schedule" && r.kind === "missed_target",
      );
      expect(missed?.records.map((r) => [r.label, r.resolved])).toEqual([
        ["smart contract audit of Vault contracts", false],
        ["red team of Production", true],
      ]);
      // The verified fixes are the counted rows: nothing tells a review which unverified one to name.
      const unverified = recommendations.find(
        (r) => r.metric_id === "assessment_remediation_verified" && r.kind === "missed_target",
      );
      expect(unverified?.records).toEqual([]);
    });
  });
}
