import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../config/load.ts";
import { parsePeriod } from "../../model/period.ts";
import type { Store } from "../../store/store.ts";
import { createTestStore, ENGINES } from "../../test-support/engines.ts";
import { buildCheckResult, buildImport, buildManagedAsset } from "../../test-support/records.ts";
import type { ManagedAsset } from "../assets/records.ts";
import { complianceChecks } from "./pack.ts";
import type { CheckResult, CheckResultValue } from "./records.ts";

const config = parseConfig({});
const NOW = Date.parse("2026-11-20T12:00:00Z");
const utc = { timezone: "UTC", iterations: [] };
const newYork = { timezone: "America/New_York", iterations: [] };

/**
 * Two monthly scans of two assets, checks `ssh` and `pw` high (Tier 1 by
 * default), `log` medium, `na` high but not applicable:
 *
 * | scan                 | web-1                                  | db-1                      |
 * | 2026-09-10 10:00Z    | ssh pass, pw pass, log fail, na n/a     | ssh pass, pw fail, log pass |
 * | 2026-10-10 10:00Z    | ssh error, pw pass, log fail, na n/a    | ssh pass, pw fail, log fail |
 * | 2026-11-01 00:00Z    |                                        | ssh pass, pw pass, log pass |
 *
 * By hand, UTC months:
 * - 2026-09: web-1 healthy (ssh, pw pass; na does not count), db-1 not (pw
 *   fails): 1 of 2 = 50 %. No previous results: drift 0. Failing at end:
 *   web-1 log, db-1 pw = 2.
 * - 2026-10: web-1 not (ssh error), db-1 not (pw fail): 0 %. Drift: web-1
 *   ssh pass → error, db-1 log pass → fail = 2 (pw failed before: no
 *   drift). Failing at end: web-1 ssh, web-1 log, db-1 pw, db-1 log = 4.
 *   The third scan, at the instant November starts, is not October's.
 * - 2026-11: db-1 healthy again, web-1 not: 50 %; drift 0; failing: web-1 ssh, log = 2.
 * - 2026-10 in New York ends at 2026-11-01 04:00Z, after the third scan:
 *   50 %, drift 2, failing at end 2.
 */
function worked(): CheckResult[] {
  const scan = (at: string, asset: string, results: Record<string, CheckResultValue>) =>
    Object.entries(results).map(([check, result]) =>
      buildCheckResult({
        asset,
        check_id: check,
        result,
        checked_at: Date.parse(at),
        severity: check === "log" ? "medium" : "high",
        profile: "xccdf_org.ssgproject.content_profile_cis",
      }),
    );
  return [
    ...scan("2026-09-10T10:00:00Z", "web-1", { ssh: "pass", pw: "pass", log: "fail", na: "notapplicable" }),
    ...scan("2026-09-10T10:00:00Z", "db-1", { ssh: "pass", pw: "fail", log: "pass" }),
    ...scan("2026-10-10T10:00:00Z", "web-1", { ssh: "error", pw: "pass", log: "fail", na: "notapplicable" }),
    ...scan("2026-10-10T10:00:00Z", "db-1", { ssh: "pass", pw: "fail", log: "fail" }),
    ...scan("2026-11-01T00:00:00Z", "db-1", { ssh: "pass", pw: "pass", log: "pass" }),
  ];
}

/**
 * A managed inventory from 2026-10-01 00:00Z (the instant September ends in
 * UTC, so not September's): WEB-1 "Tier 1" (hostname web-1.corp.example:
 * the checked short name web-1 is it), DB-1 "tier-2" (out of scope), APP-9
 * "1" with no result (not assessed), BASTION "T3" (out, and no result).
 */
function inventory(): ManagedAsset[] {
  const at = Date.parse("2026-10-01T00:00:00Z");
  const asset = (asset_id: string, hostname: string, tier: string) =>
    buildManagedAsset(asset_id, { snapshot_at: at, hostname, owner: "platform", tier, environment: "prod" });
  return [
    asset("WEB-1", "web-1.corp.example", "Tier 1"),
    asset("DB-1", "db-1", "tier-2"),
    asset("APP-9", "app-9", "1"),
    asset("BASTION", "bastion", "T3"),
  ];
}

const [family] = complianceChecks.families;
if (!family) throw new Error("the compliance-checks pack has no family");

for (const engine of ENGINES) {
  describe(`compliance checks on ${engine.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;

    beforeAll(async () => {
      ({ store, dispose } = await createTestStore(engine));
      await store.importRecords(buildImport("x", "xccdf", NOW), async (writer) => {
        for (const [n, record] of worked().entries()) await writer.write(record, n + 1);
        return { skipped: 0 };
      });
    });
    afterAll(async () => dispose());

    it("computes the worked example by month, with the period boundary and time zone", async () => {
      const periods = [
        parsePeriod("2026-09", utc),
        parsePeriod("2026-10", utc),
        parsePeriod("2026-11", utc),
        parsePeriod("2026-10", newYork),
      ];
      const series = await family.computeSeries?.(store, { periods, now: NOW, config });
      expect(
        series?.map((v) => [
          v.controls_health?.value,
          v.compliance_drift?.value,
          v.compliance_drift?.details.failing_now,
        ]),
      ).toEqual([
        [50, 0, 2],
        [0, 2, 4],
        [50, 0, 2],
        [50, 2, 2],
      ]);
      // One period alone gives what the series gives for it.
      const alone = await family.compute(store, { period: parsePeriod("2026-10", utc), now: NOW, config });
      expect(alone).toEqual(series?.[1]);
    });

    it("drills into the failing checks per asset, with their result time", async () => {
      const context = { period: parsePeriod("2026-10", utc), config };
      const health = await family.drill(store, "controls_health", context, 50);
      expect(
        health.map((r) => [r.fields.asset, r.fields.check_id, r.fields.result, r.fields.at, r.counted]),
      ).toEqual([
        ["db-1", "pw", "fail", "2026-10-10T10:00:00.000Z", true],
        ["web-1", "ssh", "error", "2026-10-10T10:00:00.000Z", true],
      ]);
      const drift = await family.drill(store, "compliance_drift", context, 50);
      expect(
        drift.map((r) => [
          r.fields.asset,
          r.fields.check_id,
          r.fields.result,
          r.fields.passed_at ?? null,
          r.counted,
        ]),
      ).toEqual([
        ["db-1", "log", "fail", "2026-09-10T10:00:00.000Z", true],
        ["web-1", "ssh", "error", "2026-09-10T10:00:00.000Z", true],
        ["db-1", "pw", "fail", null, false],
        ["web-1", "log", "fail", null, false],
      ]);
      // db-1 log of October is the 14th record written: 4 + 3 of September, 4 of web-1, then ssh, pw, log.
      expect(drift[0]?.provenance).toMatchObject({ file_name: "x.csv", line: 14 });
    });

    it("counts only the checks of a profile given a tier, when severities give none", async () => {
      const strict = parseConfig({
        compliance_checks: {
          severity_tiers: {},
          profile_tiers: { "xccdf_org.ssgproject.content_profile_cis": 0 },
        },
      });
      // Every check is now Tier 0, log too: 2026-09 web-1 fails log, db-1 fails pw: 0 %.
      const [september] =
        (await family.computeSeries?.(store, {
          periods: [parsePeriod("2026-09", utc)],
          now: NOW,
          config: strict,
        })) ?? [];
      expect(september?.controls_health?.value).toBe(0);
    });

    // Last: the inventory it imports changes what the tests above read.
    it("judges only the assets the inventory keeps in Tier 0/1, and names those never checked", async () => {
      await store.importRecords(buildImport("inventory", "assets-csv", NOW), async (writer) => {
        for (const [n, record] of inventory().entries()) await writer.write(record, n + 2);
        return { skipped: 0 };
      });
      const periods = ["2026-09", "2026-10", "2026-11"].map((id) => parsePeriod(id, utc));
      const series = await family.computeSeries?.(store, { periods, now: NOW, config });
      // 2026-09: no inventory before its end: as before, 1 of 2, and no scope details.
      // 2026-10: db-1 (DB-1, tier 2) out; web-1 (WEB-1) fails ssh: 0 of 1; APP-9 not assessed.
      // 2026-11: db-1 passes everything but stays out; web-1 still fails: 0 of 1.
      expect(series?.map((v) => [v.controls_health?.value, v.controls_health?.details])).toEqual([
        [50, { healthy_assets: 1, assets: 2, out_of_scope_assets: null, unassessed_assets: null }],
        [0, { healthy_assets: 0, assets: 1, out_of_scope_assets: 1, unassessed_assets: 1 }],
        [0, { healthy_assets: 0, assets: 1, out_of_scope_assets: 1, unassessed_assets: 1 }],
      ]);
      const drill = await family.drill(store, "controls_health", { period: periods[1]!, config }, 50);
      expect(drill.map((r) => [r.fields.asset, r.fields.check_id ?? null, r.counted, r.note])).toEqual([
        ["web-1", "ssh", true, null],
        ["APP-9", null, false, "in scope, no Tier 0/1 check result by period end: not assessed"],
        ["db-1", "pw", false, "out of scope: the inventory places DB-1 in tier 2"],
      ]);
    });
  });
}
