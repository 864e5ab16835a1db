import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../config/load.ts";
import { fileSource } from "../importers/file-source.ts";
import type { Store } from "../store/store.ts";
import { createTestStore, ENGINES } from "../test-support/engines.ts";
import { computeKpis } from "./compute-kpis.ts";
import { importFile } from "./import-file.ts";

/*
 * The compliance signals of a small organisation over two months, each file
 * in its tool's shape (fixtures/compliance-signals/, hand-made; SOURCES.md
 * there), imported through the real import path. UTC; months end at
 * 2026-10-01T00:00Z (September) and 2026-11-01T00:00Z (October). The default
 * tiers make `high` checks (Prowler's Critical and High) the Tier 1 baseline.
 *
 * Check results (asset | check: September → October):
 *   XCCDF, 09-10 and 10-10 (R1 no_empty_passwords high, R2 sshd_disable_root_login high,
 *   R3 audit_rules_time_settimeofday medium):
 *     web-1                   R1 pass → pass, R2 pass → FAIL, R3 fail → fail
 *     db-1.northwind.example  R1 pass → pass, R2 fail → pass, R3 pass → FAIL
 *   Prowler OCSF, 09-12 and 10-12:
 *     arn:aws:s3:::nw-logs        s3_bucket_public_access (High) pass → FAIL
 *     arn:aws:s3:::nw-migration   s3_bucket_public_access (High) —    → pass (new in October)
 *     arn:aws:iam::…:root         iam_root_mfa_enabled (Critical → high) fail → fail, muted both times
 *
 * controls_health (assets with a Tier 1 check that passed or failed; healthy
 * when none fails; a muted failure still fails; the inventory places nw-logs
 * (AWS-0010) in tier 2, so it is left out; nw-migration, not in the
 * inventory, is judged):
 *   September: web-1 (R1, R2 pass) healthy, db-1 (R2 fails) not, root (MFA fails) not:
 *     1 of 3 = 33.3 %; out of scope 1 (nw-logs); every tier-1 inventory asset has a result.
 *   October: web-1 (R2 fails) not, db-1 (R1, R2 pass) healthy, root not, nw-migration
 *     healthy: 2 of 4 = 50 %; out of scope 1; the new printer-3f is tier 3: not unassessed.
 * compliance_drift (a failure whose previous counted result passed; any tier):
 *   September: no earlier results: 0. Failing at the end: web-1 R3, db-1 R2, root MFA = 3.
 *   October: web-1 R2, db-1 R3, nw-logs = 3 events on 3 assets (web-1 R3 and root MFA
 *     failed before: no drift). Failing at the end: web-1 R2, web-1 R3, db-1 R3, nw-logs,
 *     root MFA = 5.
 *
 * shadow_assets (seen in the month, matching no asset of the inventory's latest snapshot):
 *   September inventory (09-01): web-1.northwind.example 10.40.1.11, db-1.northwind.example
 *     10.40.2.21, the account (alias arn:aws:iam::111122223333:root), nw-logs (alias its ARN): 4.
 *   Seen in September: nmap up hosts {10.40.1.11, web-1.northwind.example} → web-1,
 *     {10.40.2.21} → db-1, {10.40.1.50, printer-3f.northwind.example} shadow, {10.40.9.9}
 *     shadow (10.40.1.60 is down: not seen); check results web-1 (the short name of the
 *     inventory FQDN), db-1.northwind.example, nw-logs's ARN, the root ARN: all managed.
 *     Observed 6 (web-1, db-1, printer, 10.40.9.9, nw-logs, root); shadow 2, both by nmap.
 *   October inventory (10-01) adds printer-3f: 5. Seen in October: nmap web-1, db-1,
 *     printer (now managed), {10.40.7.7, dev-box.northwind.example} shadow, {10.40.9.9}
 *     shadow; check results as in September plus arn:aws:s3:::nw-migration, shadow.
 *     Observed 8; shadow 3: nmap 2, check result 1.
 *
 * Exceptions (each month's register; in force: approved before the end, expiring after it):
 *   EX-101 approved 06-01, expires 2027-06-30; EX-102 (iam_root_mfa_enabled on the root ARN)
 *   approved 08-01, expires 2026-10-20; EX-103 approved 09-01, expires 2026-11-15; EX-104
 *   requested in September's register, approved 10-05 in October's, expires 2027-03-31.
 *   September (end 10-01, renewals due by 10-31): open EX-101, EX-102, EX-103 = 3;
 *     expiring within 30 days: EX-102 (10-20) = 1; expired 0; EX-104 requested.
 *     The muted root MFA result is covered by EX-102 in force: unregistered 0.
 *   October (end 11-01, renewals due by 12-01): open EX-101, EX-103, EX-104 = 3;
 *     expiring: EX-103 (11-15) = 1; expired: EX-102 (10-20) = 1. The root MFA result of
 *     10-12, muted, is no longer covered: unregistered 1.
 */
const FIXTURES = new URL("./fixtures/compliance-signals/", import.meta.url);
const MONTHS = {
  "2026-09": [
    "inventory-2026-09.csv",
    "nmap-2026-09-14.xml",
    "prowler-output-111122223333-20260912060000.ocsf.json",
    "xccdf-results-2026-09-10.xml",
    "exceptions-2026-09-15.yaml",
  ],
  "2026-10": [
    "inventory-2026-10.csv",
    "nmap-2026-10-14.xml",
    "prowler-output-111122223333-20261012060000.ocsf.json",
    "xccdf-results-2026-10-10.xml",
    "exceptions-2026-10-15.yaml",
  ],
} as const;
const FORMATS = ["assets-csv", "nmap", "prowler-ocsf", "xccdf", "exceptions-yaml"];
const NOW = Date.parse("2026-11-02T08:00:00Z");
const ROOT = "arn:aws:iam::111122223333:root";

for (const engine of ENGINES) {
  describe(`the compliance signals worked example on ${engine.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    const config = parseConfig({ timezone: "UTC" });
    const metricsOf = async (month: string) => {
      const report = await computeKpis(store, month, { config, now: NOW });
      return (id: string) => report.metrics.find((m) => m.id === id);
    };

    beforeAll(async () => {
      ({ store, dispose } = await createTestStore(engine));
      for (const files of Object.values(MONTHS))
        for (const [n, file] of files.entries()) {
          const outcome = await importFile(store, {
            source: fileSource(fileURLToPath(new URL(file, FIXTURES))),
            options: { timezone: "UTC" },
            now: NOW,
          });
          // Each file is detected as its own format, none mistaken for another.
          expect([file, outcome.format]).toEqual([file, FORMATS[n]]);
        }
    });
    afterAll(async () => dispose());

    it("computes September by hand", async () => {
      const metric = await metricsOf("2026-09");
      expect(metric("controls_health")).toMatchObject({
        value: (1 / 3) * 100,
        details: { healthy_assets: 1, assets: 3, out_of_scope_assets: 1, unassessed_assets: 0 },
      });
      expect(metric("compliance_drift")).toMatchObject({
        value: 0,
        details: { assets_drifted: 0, failing_now: 3 },
      });
      expect(metric("shadow_assets")).toMatchObject({
        value: 2,
        details: { by_source: { nmap: 2 }, observed: 6, inventory: 4 },
      });
      expect(metric("open_exceptions")).toMatchObject({
        value: 3,
        details: { unregistered: 0, unregistered_exceptions: [] },
      });
      expect(metric("exceptions_expiring_30d")?.value).toBe(1);
      expect(metric("expired_exceptions")?.value).toBe(0);
      expect(metric("open_exceptions")?.details.by_state).toMatchObject({ open: 3, requested: 1 });
    });

    it("computes October by hand", async () => {
      const metric = await metricsOf("2026-10");
      expect(metric("controls_health")).toMatchObject({
        value: 50,
        details: { healthy_assets: 2, assets: 4, out_of_scope_assets: 1, unassessed_assets: 0 },
      });
      expect(metric("compliance_drift")).toMatchObject({
        value: 3,
        details: { assets_drifted: 3, failing_now: 5 },
      });
      expect(metric("shadow_assets")).toMatchObject({
        value: 3,
        details: { by_source: { nmap: 2, "check result": 1 }, observed: 8, inventory: 5 },
      });
      expect(metric("open_exceptions")).toMatchObject({
        value: 3,
        details: {
          unregistered: 1,
          unregistered_exceptions: [
            {
              asset: ROOT,
              check_id: "iam_root_mfa_enabled",
              title: "Ensure MFA is enabled for the root account",
              severity: "high",
              result: "fail",
              checked_at: "2026-10-12T06:00:00.000Z",
              feed: "prowler",
            },
          ],
        },
      });
      expect(metric("exceptions_expiring_30d")?.value).toBe(1);
      expect(metric("expired_exceptions")?.value).toBe(1);
      expect(metric("open_exceptions")?.details.by_state).toMatchObject({
        open: 3,
        expired: 1,
        requested: 0,
      });
    });
  });
}
