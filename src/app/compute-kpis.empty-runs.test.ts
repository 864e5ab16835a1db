import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../config/load.ts";
import { bufferSource } from "../importers/file-source.ts";
import type { Store } from "../store/store.ts";
import { createTestStore, ENGINES } from "../test-support/engines.ts";
import { computeKpis } from "./compute-kpis.ts";
import { drillDown } from "./drill-down.ts";
import { importFile } from "./import-file.ts";

/*
 * A run that looked and found nothing is a 0 for its period; before anything looked there is no data.
 *
 * Terraform (neither plan has a timestamp, so each is dated by --scanned-at):
 *   no-changes.json (terraform-json's no_changes plan: six no-op entries), run 2026-08-15 → August 0
 *   drift.json (Terraform's show-json drift test: one resource_drift entry), run 2026-09-12 → September 1
 *   July is before the first plan run: no data; October, after it with no plan, is 0.
 *
 * IAM credential reports (dated by --scanned-at):
 *   root-only-credential-report.csv, 2026-08-20: one account, no key → August has no active token to judge
 *   credential-report-oil.csv, 2026-09-20: 3 active keys last rotated in 2017 (> 90 d) → 0 / 3 = 0 %
 *   July is before the first report: no data.
 */
const fixture = (path: string) => readFile(new URL(`../importers/${path}`, import.meta.url));
const NOW = Date.parse("2026-10-02T08:00:00Z");
const FILES: [string, string, number][] = [
  ["terraform-plan/fixtures/no-changes.json", "no-changes.json", Date.parse("2026-08-15T02:00:00Z")],
  ["terraform-plan/fixtures/drift.json", "drift.json", Date.parse("2026-09-12T02:00:00Z")],
  [
    "iam-credential-report/fixtures/root-only-credential-report.csv",
    "root-only.csv",
    Date.parse("2026-08-20T00:00:00Z"),
  ],
  ["iam-credential-report/fixtures/credential-report-oil.csv", "oil.csv", Date.parse("2026-09-20T00:00:00Z")],
];

for (const engine of ENGINES) {
  describe(`empty runs on ${engine.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    const config = parseConfig({});
    const metric = async (id: string, period: string) =>
      (await computeKpis(store, period, { config, now: NOW })).metrics.find((m) => m.id === id);

    beforeAll(async () => {
      ({ store, dispose } = await createTestStore(engine));
      for (const [path, name, scannedAt] of FILES) {
        await importFile(store, {
          source: bufferSource(name, await fixture(path)),
          options: { timezone: "UTC", scannedAt },
          now: NOW,
        });
      }
    });
    afterAll(async () => dispose());

    it("a plan that found no drift is 0 drift for its month, not no data", async () => {
      expect(await metric("config_drift_events", "2026-07")).toMatchObject({
        value: null,
        reason: "before the first imported record",
      });
      // August: the no_changes plan ran and found nothing (jq '.resource_drift' no-changes.json → null).
      expect(await metric("config_drift_events", "2026-08")).toMatchObject({ value: 0, status: "met" });
      // September: jq '.resource_drift | length' drift.json → 1.
      expect((await metric("config_drift_events", "2026-09"))?.value).toBe(1);
      // October has no plan: 0 after the data began, as a month without scans is for the scanner counts.
      expect((await metric("config_drift_events", "2026-10"))?.value).toBe(0);
    });

    it("lists the plan run behind a 0, not counted", async () => {
      const august = await drillDown(store, "config_drift_events", "2026-08", config);
      expect(august.rows.map((r) => [r.kind, r.counted, r.note, r.fields.unchanged_count])).toEqual([
        ["plan_run", false, "plan run: no drift found", 6],
      ]);
      // September: the drift (counted), the 2 planned updates and the run (jq: 1 drift, 2 changes).
      const september = await drillDown(store, "config_drift_events", "2026-09", config);
      expect(september.rows.map((r) => [r.kind, r.counted])).toEqual([
        ["change_event", true],
        ["change_event", false],
        ["change_event", false],
        ["plan_run", false],
      ]);
    });

    it("a credential report with no key starts token data: no active token, not before the first record", async () => {
      expect(await metric("token_expiry_compliance", "2026-07")).toMatchObject({
        value: null,
        reason: "before the first imported record",
      });
      expect(await metric("token_expiry_compliance", "2026-08")).toMatchObject({
        value: null,
        n: 0,
        reason: "no active token with a creation, rotation or expiry time",
      });
      // access_key_1_last_rotated 2017-06-10, 2017-10-22, 2017-06-10: all older than 90 d → 0 of 3.
      expect(await metric("token_expiry_compliance", "2026-09")).toMatchObject({
        value: 0,
        details: { compliant: 0, non_compliant: 3 },
      });
    });
  });
}
