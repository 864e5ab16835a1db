import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../config/load.ts";
import { vulnerabilities } from "../domains/vulnerabilities/pack.ts";
import type { Finding, Scan } from "../domains/vulnerabilities/records.ts";
import { ScanWriter } from "../domains/vulnerabilities/scan-writer.ts";
import { finding } from "../importers/shared/scan-input.ts";
import { parsePeriod } from "../model/period.ts";
import { createAuthStore } from "../store/auth-store.ts";
import type { Store } from "../store/store.ts";
import { createTestStore, ENGINES } from "../test-support/engines.ts";
import { drillDown } from "./drill-down.ts";
import { listFindings } from "./findings.ts";
import { listScanTargets, restoreTarget, retireTarget } from "./scan-targets.ts";

const DAY = 86_400_000;
const at = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
const config = parseConfig({});
const API = "registry.example/api:main";
const WEB = "registry.example/web:main";

function scan(target: string, time: number): Scan {
  return {
    kind: "scan",
    feed: "trivy",
    external_id: `${target}|${time}`,
    tool: "trivy",
    scan_type: "container",
    target,
    scanned_at: time,
    complete: true,
  };
}

const cve = (id: string, severity: Finding["severity"]) =>
  finding({ identity: `${id}|pkg`, vulnerability_id: id, severity, category: "container", line: 1 });
const CVE_1 = cve("CVE-1", "critical");
const CVE_2 = cve("CVE-2", "medium");
const CVE_3 = cve("CVE-3", "high");
const CVE_4 = finding({ ...cve("CVE-4", "low"), category: "dependency", direct: true });

async function importScans(store: Store, name: string, scans: [Scan, Finding[]][]): Promise<void> {
  await store.importRecords(
    { format: "trivy", feed: "trivy", file_name: name, sha256: name, imported_at: at("2026-09-01") },
    async (writer) => {
      const scanWriter = new ScanWriter(writer.transaction, writer.importId);
      for (const [s, found] of scans) {
        await scanWriter.scan(s, 1);
        for (const f of found) await scanWriter.finding(f, 1);
      }
      await scanWriter.finish();
      return { skipped: 0, written: scanWriter.written };
    },
  );
}

/** The vulnerability metrics of `periodId`, judged at `now`. */
async function metricsOf(store: Store, periodId: string, now: number) {
  const period = parsePeriod(periodId, { timezone: "UTC", iterations: [] });
  return (vulnerabilities.families[0] as (typeof vulnerabilities.families)[number]).compute(store, {
    period,
    now,
    config,
  });
}

/*
 * api: scanned Sep 1 and Sep 25, both times with CVE-1 (critical) and CVE-2
 * (medium). web: scanned Sep 1 and Oct 20, both times with CVE-3 (high).
 * scans.retire_after is the default 30 days.
 */
for (const engine of ENGINES) {
  describe(`scan targets not rescanned, retired and restored (${engine.name})`, () => {
    let store: Store;
    let dispose: () => Promise<void>;

    beforeAll(async () => {
      ({ store, dispose } = await createTestStore(engine));
      await importScans(store, "september.json", [
        [scan(API, at("2026-09-01")), [CVE_1, CVE_2]],
        [scan(WEB, at("2026-09-01")), [CVE_3]],
        [scan(API, at("2026-09-25")), [CVE_1, CVE_2]],
      ]);
      await importScans(store, "october.json", [[scan(WEB, at("2026-10-20")), [CVE_3]]]);
    });
    afterAll(async () => dispose());

    it("counts every target as scanned while its last scan is 30 days old or less", async () => {
      // 2026-09 judged at Oct 1: api last scanned 6 d before, web exactly 30 d before (not older).
      const values = await metricsOf(store, "2026-09", at("2026-11-05"));
      expect(values.open_vulnerabilities?.value).toBe(3);
      expect(values.open_vulnerabilities?.details).toMatchObject({
        not_rescanned: 0,
        targets_not_rescanned: [],
      });
    });

    it("shows a target last scanned 37 days before the period's end apart, still counted", async () => {
      // 2026-10 judged at Nov 1: api last scanned Sep 25 = 37 d before (> 30 d); web Oct 20 = 12 d.
      const values = await metricsOf(store, "2026-10", at("2026-11-05"));
      expect(values.open_vulnerabilities?.value).toBe(3);
      expect(values.open_vulnerabilities?.details).toMatchObject({
        not_rescanned: 2,
        targets_not_rescanned: [
          {
            target: API,
            tool: "trivy",
            last_scan_at: "2026-09-25T00:00:00.000Z",
            days_since_last_scan: 37,
            open: 2,
            by_severity: { critical: 1, medium: 1 },
          },
        ],
        retired: 0,
      });
      expect(values.open_critical_vulnerabilities).toMatchObject({
        value: 1,
        details: { not_rescanned: 1, retired: 0 },
      });

      const drill = await drillDown(store, "open_vulnerabilities", "2026-10", config);
      expect(drill.rows.map((r) => [r.fields.vulnerability_id, r.counted, r.note])).toEqual([
        ["CVE-1", true, "target not rescanned since 2026-09-25"],
        ["CVE-2", true, "target not rescanned since 2026-09-25"],
        ["CVE-3", true, null],
      ]);
      const open = await listFindings(
        store,
        { status: "open", period: "2026-10", limit: 10 },
        config,
        at("2026-11-05"),
      );
      expect(open.rows.map((r) => [r.vulnerability_id, r.state, r.target_last_scan_at])).toEqual([
        ["CVE-1", "not_rescanned", "2026-09-25T00:00:00.000Z"],
        ["CVE-2", "not_rescanned", "2026-09-25T00:00:00.000Z"],
        ["CVE-3", "open", "2026-10-20T00:00:00.000Z"],
      ]);
      const apart = await listFindings(
        store,
        { status: "not_rescanned", period: "2026-10", limit: 10 },
        config,
        at("2026-11-05"),
      );
      expect(apart.rows.map((r) => r.vulnerability_id)).toEqual(["CVE-1", "CVE-2"]);
      const retired = await listFindings(
        store,
        { status: "retired", period: "2026-10", limit: 10 },
        config,
        at("2026-11-05"),
      );
      expect(retired.rows).toEqual([]);
    });

    it("retires, restores and un-retires a target from each instant on, never rewriting a period", async () => {
      const auth = createAuthStore(store);
      await expect(
        retireTarget(
          store,
          auth,
          { name: "api", reason: null, actor: "cli:ana", now: at("2026-11-10") },
          config,
        ),
      ).rejects.toMatchObject({
        code: "not_found",
        message: `no scan target "api"; did you mean "${API}"?`,
      });

      const retired = await retireTarget(
        store,
        auth,
        { name: API, reason: "image no longer built", actor: "cli:ana", now: at("2026-11-10") },
        config,
      );
      expect(retired).toEqual({ target: API, open_findings: 2 });
      expect((await auth.auditLog({ limit: 1 }))[0]).toMatchObject({
        at: at("2026-11-10"),
        actor: "cli:ana",
        action: "target.retire",
        target: API,
        detail: { reason: "image no longer built", open_findings: 2 },
      });
      await expect(
        retireTarget(
          store,
          auth,
          { name: API, reason: null, actor: "cli:bo", now: at("2026-11-11") },
          config,
        ),
      ).rejects.toMatchObject({ code: "conflict" });

      // 2026-10 ended before the retirement: unchanged, 3 open.
      expect((await metricsOf(store, "2026-10", at("2026-11-12"))).open_vulnerabilities?.value).toBe(3);
      // 2026-11 judged now, Nov 12: CVE-1 and CVE-2 no longer count; CVE-3 (high, due Oct 1) is the
      // only one open, and the only one past due (CVE-1, due Sep 8, was the other).
      const november = await metricsOf(store, "2026-11", at("2026-11-12"));
      expect(november.open_vulnerabilities?.value).toBe(1);
      expect(november.open_vulnerabilities?.details).toMatchObject({
        not_rescanned: 0,
        retired: 2,
        retired_targets: [
          { target: API, retired_at: "2026-11-10T00:00:00.000Z", reason: "image no longer built" },
        ],
      });
      expect(november.open_critical_vulnerabilities).toMatchObject({ value: 0, details: { retired: 1 } });
      expect(november.security_debt?.value).toBe(1);

      // A drill-down has no clock: it judges the running month at its end, Dec 1, when web's last
      // scan (Oct 20) is 42 d old.
      const drill = await drillDown(store, "open_vulnerabilities", "2026-11", config);
      expect(drill.rows.map((r) => [r.fields.vulnerability_id, r.counted, r.note])).toEqual([
        ["CVE-1", false, "target retired on 2026-11-10: no longer counted as open"],
        ["CVE-2", false, "target retired on 2026-11-10: no longer counted as open"],
        ["CVE-3", true, "target not rescanned since 2026-10-20"],
      ]);
      const listed = async (status: "open" | "retired") =>
        (await listFindings(store, { status, limit: 10 }, config, at("2026-11-12"))).rows.map((r) => [
          r.vulnerability_id,
          r.state,
        ]);
      expect(await listed("open")).toEqual([["CVE-3", "open"]]);
      expect(await listed("retired")).toEqual([
        ["CVE-1", "retired"],
        ["CVE-2", "retired"],
      ]);
      const targets = await listScanTargets(store, config, at("2026-11-12"));
      expect(targets.targets.map((t) => [t.target, t.state, t.open_findings, t.retired_by])).toEqual([
        [API, "retired", 2, "cli:ana"],
        [WEB, "scanned", 1, null],
      ]);

      await restoreTarget(store, auth, { name: API, actor: "cli:bo", now: at("2026-11-20") }, config);
      expect((await auth.auditLog({ limit: 1 }))[0]).toMatchObject({
        action: "target.restore",
        actor: "cli:bo",
        target: API,
        detail: { retired_at: "2026-11-10T00:00:00.000Z", retired_by: "cli:ana" },
      });
      await expect(
        restoreTarget(store, auth, { name: API, actor: "cli:bo", now: at("2026-11-21") }, config),
      ).rejects.toMatchObject({ code: "conflict" });
      // Restored: 2026-11 judged Nov 25 counts all 3 again; api is not rescanned for 61 d
      // (Sep 25 → Nov 25), and by now web too, for 36 d (Oct 20 → Nov 25)…
      const restored = await metricsOf(store, "2026-11", at("2026-11-25"));
      expect(restored.open_vulnerabilities?.value).toBe(3);
      expect(restored.open_vulnerabilities?.details).toMatchObject({
        not_rescanned: 3,
        targets_not_rescanned: [
          { target: API, days_since_last_scan: 61, open: 2 },
          { target: WEB, days_since_last_scan: 36, open: 1 },
        ],
      });
      // …while week 46 (Nov 9–16), which ended during the retirement, still counts 1.
      expect((await metricsOf(store, "2026-W46", at("2026-11-25"))).open_vulnerabilities?.value).toBe(1);

      // Retired again on Nov 21, then scanned on Nov 22 (CVE-2 gone, CVE-4 new, a direct dependency):
      // the scan ends the retirement.
      await retireTarget(
        store,
        auth,
        { name: API, reason: null, actor: "cli:ana", now: at("2026-11-21") },
        config,
      );
      await importScans(store, "rescan.json", [[scan(API, at("2026-11-22")), [CVE_1, CVE_4]]]);
      const rescanned = await metricsOf(store, "2026-11", at("2026-11-25"));
      // CVE-1 and CVE-4 on api (scanned 3 d before) and CVE-3 on web (still not rescanned).
      expect(rescanned.open_vulnerabilities?.value).toBe(3);
      expect(rescanned.open_vulnerabilities?.details).toMatchObject({ not_rescanned: 1, retired: 0 });
      expect((await listScanTargets(store, config, at("2026-11-25"))).targets[0]).toMatchObject({
        target: API,
        state: "scanned",
        last_scan_at: "2026-11-22T00:00:00.000Z",
        scans: 3,
        open_findings: 2,
      });

      // Retired for good on Nov 23: CVE-1 and CVE-4 leave the open count, but CVE-4 stays new in
      // November, in the value and in its drill-down alike.
      await retireTarget(
        store,
        auth,
        { name: API, reason: null, actor: "cli:ana", now: at("2026-11-23") },
        config,
      );
      const final = await metricsOf(store, "2026-11", at("2026-11-25"));
      expect(final.open_vulnerabilities?.value).toBe(1);
      expect(final.dependency_vulns_direct?.value).toBe(1);
      const fresh = await drillDown(store, "dependency_vulns_direct", "2026-11", config);
      expect(fresh.rows.map((r) => [r.fields.vulnerability_id, r.counted, r.note])).toEqual([
        ["CVE-4", true, null],
      ]);
    });
  });
}
