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
import { otherDebtAt } from "../vulnerabilities/debt.ts";
import { firstNearMiss } from "./queries.ts";

/*
 * The post-mortems folder src/importers/postmortems/fixtures/northwind (read
 * at 09-30 18:00Z) and the action items register
 * src/importers/action-items/fixtures/register.csv (09-30 12:00Z), with the
 * incidents below. Expected values, by hand (d = days; due = detection + 10 d):
 *
 * postmortem_coverage (significant: critical, high; drills left out)
 *   2026-08: INC-101 (P1) published 08-10, 7 d: covered; INC-102 (SEV1) published 09-04,
 *            15 d: late; INC-103 (P3) not significant → 1 / 2 = 50 %.
 *   2026-09: INC-104 (P0) in review, due 09-15 before the folder's read: missing;
 *            INC-105 (P1) due 10-08 after it: pending, not judged; DRILL-1 a drill → 0 / 1 = 0 %.
 * repeat_root_causes (post-mortems by event date, every status)
 *   2026-08: INC-101 secret-in-code, INC-102 config-change, nothing before → 0.
 *   2026-09: INC-104 phishing + secret-in-code (INC-101, 33 d before); NM-7 config-change
 *            (INC-102, 23 d before) → 2.
 * control_effectiveness
 *   2026-08: secret-scanning failed, key-rotation effective, change-review partial,
 *            alerting effective → 2 / 4 = 50 %.
 *   2026-09: mfa effective, email-filtering failed, onchain-monitoring effective → 2 / 3.
 * Action items at 2026-09's end (10-01), both snapshots before it:
 *   overdue: PM-101-2 (due 09-15, in progress), NM-7#1 (due 09-20), T-1 (tabletop, due 09-01),
 *            AS-1 (assessment, due 08-15) → 4; of them post-mortem or tabletop → 3.
 *   unverified done: PM-102-1 (done 09-20, no verification) → 1.
 *   closure time: verified in September: AS-2, 07-01 → 09-12 = 30 + 31 + 12 = 73 d
 *            (PM-101-1 was verified 08-28) → 73 × 86 400 = 6 307 200 s; still open (created
 *            before the end, not verified, not dropped): PM-101-2, PM-102-1, PM-104-1, NM-7#1,
 *            T-1, AS-1, M-1 → 7.
 *   2026-08: no snapshot before 09-01 → no data.
 * near_miss_ratio (near-misses / production incidents; the drill in neither)
 *   2026-08: NM-3 / INC-101, INC-102, INC-103 → 1 / 3; 2026-09: NM-7 / INC-104, INC-105 → 1 / 2.
 *   NM-7 is P1 but never an incident: not in coverage, nor in incident_count (09: 2).
 */
const NOW = Date.parse("2026-10-05T12:00:00Z");
const INCIDENTS = [
  "id,title,severity,detected_at,synthetic,kind",
  "INC-101,Payments API key leak,P1,2026-08-03T10:00:00Z,false,incident",
  "INC-102,Orders database down,SEV1,2026-08-20T08:00:00Z,false,",
  "NM-3,Expired admin token found unused,P2,2026-08-22T09:00:00Z,,near_miss",
  "INC-103,Staging certificate expired,P3,2026-08-25T09:00:00Z,false,incident",
  "INC-104,Support session phished,P0,2026-09-05T12:00:00Z,false,incident",
  "DRILL-1,Ransomware drill,P0,2026-09-10T09:00:00Z,,drill",
  "NM-7,Oracle manipulation stopped by the TWAP guard,P1,2026-09-12T03:00:00Z,,near_miss",
  "INC-105,Webhook signing key exposed,P1,2026-09-28T00:00:00Z,false,incident",
].join("\n");
const fixture = (path: string) => fileURLToPath(new URL(`../../importers/${path}`, import.meta.url));

for (const engine of ENGINES) {
  describe(`post-mortems and action items on ${engine.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    const config = parseConfig({});
    const metrics = async (period: string, on = config) => {
      const report = await computeKpis(store, period, { config: on, now: NOW });
      return Object.fromEntries(report.metrics.map((m) => [m.id, m]));
    };
    const importFolder = (name: string) =>
      importFile(store, {
        source: directorySource(fixture(`postmortems/fixtures/${name}`)),
        options: { timezone: "UTC", scannedAt: Date.parse("2026-09-30T18:00:00Z") },
        now: NOW,
      });

    beforeAll(async () => {
      ({ store, dispose } = await createTestStore(engine));
      await importFile(store, {
        source: bufferSource("incidents.csv", INCIDENTS),
        options: { timezone: "UTC" },
        now: NOW,
      });
      await importFile(store, {
        source: bufferSource("register.csv", await readFile(fixture("action-items/fixtures/register.csv"))),
        options: { timezone: "UTC" },
        now: NOW,
      });
      await importFolder("northwind");
    });
    afterAll(async () => dispose());

    it("imports the folder in one go, and again changes nothing", async () => {
      const again = await importFolder("northwind");
      expect(again.status).toBe("unchanged");
      expect((await store.snapshot("postmortem", Number.MAX_SAFE_INTEGER)).length).toBe(4);
      expect((await store.snapshot("action_item", Number.MAX_SAFE_INTEGER)).length).toBe(5 + 5);
    });

    it("refuses a folder whose front matter does not parse and leaves the store unchanged", async () => {
      const refused = importFolder("broken");
      await expect(refused).rejects.toThrow(InvalidInputError);
      await expect(refused).rejects.toThrow(/2026-10-01-cdn\.md:7:/);
      expect(
        (await store.snapshot("postmortem", Number.MAX_SAFE_INTEGER)).map((p) => p.external_id),
      ).not.toContain("INC-200");
    });

    it("computes coverage, repeats and control effectiveness per period", async () => {
      const august = await metrics("2026-08");
      expect(august.postmortem_coverage?.value).toBe(50);
      expect(august.postmortem_coverage?.details).toMatchObject({
        covered: 1,
        late: 1,
        missing: 0,
        pending: 0,
      });
      expect(august.repeat_root_causes?.value).toBe(0);
      expect(august.control_effectiveness?.value).toBe(50);
      const september = await metrics("2026-09");
      expect(september.postmortem_coverage?.value).toBe(0);
      expect(september.postmortem_coverage?.details).toMatchObject({
        covered: 0,
        late: 0,
        missing: 1,
        pending: 1,
      });
      expect(september.repeat_root_causes?.value).toBe(2);
      expect(september.repeat_root_causes?.details).toMatchObject({
        categories: ["config-change", "secret-in-code"],
      });
      expect(september.control_effectiveness?.value).toBeCloseTo(200 / 3, 10);
    });

    it("counts the action items at the period end, the post-mortem and tabletop ones apart", async () => {
      const september = await metrics("2026-09");
      expect(september.action_items_overdue?.value).toBe(4);
      expect(september.action_items_overdue?.details).toMatchObject({
        overdue_by_origin: { assessment: 1, postmortem: 2, tabletop: 1 },
      });
      expect(september.postmortem_actions_overdue?.value).toBe(3);
      expect(september.unverified_done_actions?.value).toBe(1);
      expect(september.action_item_closure_time?.value).toBe(6_307_200);
      expect(september.action_item_closure_time?.open).toBe(7);
      expect((await metrics("2026-08")).action_items_overdue?.value).toBeNull();
    });

    it("counts near-misses per production incident, and never as incidents", async () => {
      const august = await metrics("2026-08");
      expect(august.near_miss_ratio?.value).toBeCloseTo(1 / 3, 12);
      // Their data begins with the first near-miss, NM-3 (08-22 09:00Z).
      expect(await firstNearMiss(store)).toBe(Date.parse("2026-08-22T09:00:00Z"));
      const september = await metrics("2026-09");
      expect(september.near_miss_ratio?.value).toBe(0.5);
      expect(september.near_miss_ratio?.details).toEqual({ near_misses: 1, incidents: 2 });
      expect(september.incident_count?.value).toBe(2);
      expect(september.incident_count?.details).toMatchObject({ drills: 1 });
      const listed = await drillDown(store, "incident_count", "2026-09", config);
      expect(listed.rows.map((r) => r.id)).toEqual(["INC-104", "DRILL-1", "INC-105"]);
    });

    it("adds the overdue action items to security_debt, beside the findings", async () => {
      // No scans here, so no security_debt value (vulnerabilities/compute.test.ts adds these
      // counts to the findings); the items it adds are action_items_overdue's four.
      const { overdueActions, expiredExceptions } = await otherDebtAt(
        store,
        Date.parse("2026-10-01T00:00:00Z"),
      );
      expect(overdueActions.map((item) => item.external_id).sort()).toEqual([
        "AS-1",
        "NM-7#1",
        "PM-101-2",
        "T-1",
      ]);
      expect(expiredExceptions).toEqual([]);
    });

    it("takes the significant severities and the due days from the config", async () => {
      // Only critical, within 20 d: August INC-102 (15 d) is covered → 1 / 1.
      const strict = parseConfig({
        learning: { significant_severities: ["critical"], postmortem_due_days: 20 },
      });
      expect((await metrics("2026-08", strict)).postmortem_coverage?.value).toBe(100);
    });

    it("drills into each metric by the same verdicts", async () => {
      const coverage = await drillDown(store, "postmortem_coverage", "2026-09", config);
      expect(coverage.rows.map((r) => [r.id, r.counted, r.note])).toEqual([
        ["INC-104", false, "missing"],
        ["INC-105", false, "pending"],
      ]);
      const overdue = await drillDown(store, "postmortem_actions_overdue", "2026-09", config);
      expect(overdue.rows.filter((r) => r.counted).map((r) => r.id)).toEqual(["T-1", "PM-101-2", "NM-7#1"]);
      const controls = await drillDown(store, "control_effectiveness", "2026-09", config);
      expect(controls.rows.map((r) => [r.id, r.counted])).toEqual([
        ["INC-104 mfa", true],
        ["INC-104 email-filtering", false],
        ["NM-7 onchain-monitoring", true],
      ]);
    });
  });
}
