import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeKpis } from "../../app/compute-kpis.ts";
import { drillDown } from "../../app/drill-down.ts";
import { listFindings } from "../../app/findings.ts";
import type { KpiReport } from "../../app/kpi-report.ts";
import { parseConfig } from "../../config/load.ts";
import { finding } from "../../importers/shared/scan-input.ts";
import type { Severity } from "../../model/severity.ts";
import { metricsToDrill, reviewPeriod } from "../../review/review-period.ts";
import type { Store } from "../../store/store.ts";
import { createTestStore, ENGINES } from "../../test-support/engines.ts";
import { buildCheckResult, buildException, buildImport } from "../../test-support/records.ts";
import type { DrillRow } from "../drill-row.ts";
import type { Finding } from "./records.ts";
import { ScanWriter } from "./scan-writer.ts";

/*
 * Accepted risk: findings under an exceptions register, July to October
 * 2026 (UTC months; default SLAs critical 7 d, high 30 d, medium 90 d, low
 * 120 d, due dates from first sight).
 *
 * Scans by trivy of `api` and `web` on Jul 1 00:00, Aug 1 12:00, Sep 1
 * 12:00, Oct 1 12:00 and Oct 25 12:00:
 *   a1 api CVE-1 critical  seen from Jul 1, due Jul 8,  never fixed
 *   a2 api CVE-2 high      seen from Jul 1, due Jul 31, gone from Oct 1 12:00 (fixed late)
 *   a3 api CVE-3 medium    seen from Jul 1, due Sep 29, never fixed
 *   a4 api CVE-4 low       seen from Jul 1, due Oct 29, gone from Aug 1 12:00 (on time)
 *   a5 api CVE-5 medium    seen from Jul 1, due Sep 29, gone from Sep 1 12:00 (on time)
 *   w2 web CVE-2 high      seen from Jul 1, due Jul 31, never fixed
 * The register, the same on the 15th of each month (approved Jul 10):
 *   EX-1 (alice) findings CVE-1 on assets api, expires Sep 15: covers a1; in force at the ends
 *        of July and August, expired at those of September and October.
 *   EX-2 (bob) assets web, expires 2027-01-01: covers w2 (and every check on web) throughout.
 *   EX-3 requested, findings CVE-3: never in force, covers nothing.
 *
 * By hand (A = accepted risk, left out; L = counted again under the lapsed EX-1):
 *          open at end (counted)         crit  high  past due at end        fixed in month   sla missed      debt
 *   Jul    a2 a3 a4 a5 = 4, A a1 w2      0     1     a2 (A a1 w2)           —                1/1 = 100 %    1
 *   Aug    a2 a3 a5 = 3, A a1 w2         0     1     a2 (A a1 w2)           a4 on time       1/(1+1) = 50 % 1
 *   Sep    a1(L) a2 a3 = 3, A w2         1     1     a1(L) a2 a3 (A w2)     a5 on time       3/(1+3) = 75 % 3
 *   Oct    a1(L) a3 = 2, A w2            1     0     a1(L) a3 (A w2)        a2 late          3/(1+2) = 100 % 2
 * Without the register the SLA figures would be 3/3, 3/4 = 75 %, 4/5 = 80 % and 4/4; the open
 * counts 6, 5, 4, 3.
 *
 * Check results a tool suppressed (Prowler's muted):
 *   web iam_root_mfa suppressed Oct 10: covered by EX-2 (assets web), so registered;
 *   db s3_public suppressed Sep 10 and Oct 10: unregistered in September and October;
 *   db old_check suppressed Sep 10, failing plainly Oct 5: unregistered in September only.
 */
const NOW = Date.parse("2026-11-20T12:00:00Z");
const at = (iso: string) => Date.parse(`${iso}Z`);
const SCANS: readonly [number, readonly string[]][] = [
  [at("2026-07-01T00:00:00"), ["CVE-1", "CVE-2", "CVE-3", "CVE-4", "CVE-5"]],
  [at("2026-08-01T12:00:00"), ["CVE-1", "CVE-2", "CVE-3", "CVE-5"]],
  [at("2026-09-01T12:00:00"), ["CVE-1", "CVE-2", "CVE-3"]],
  [at("2026-10-01T12:00:00"), ["CVE-1", "CVE-3"]],
  [at("2026-10-25T12:00:00"), ["CVE-1", "CVE-3"]],
];
const SEVERITY: Record<string, Severity> = {
  "CVE-1": "critical",
  "CVE-2": "high",
  "CVE-3": "medium",
  "CVE-4": "low",
  "CVE-5": "medium",
};

const vuln = (id: string): Finding =>
  finding({
    identity: `${id}|pkg`,
    vulnerability_id: id,
    severity: SEVERITY[id] as Severity,
    category: "container",
    package_name: "pkg",
    line: 1,
  });

async function importWorkedExample(store: Store) {
  await store.importRecords(buildImport("scans", "trivy", NOW), async (writer) => {
    const scans = new ScanWriter(writer.transaction, writer.importId);
    for (const [scannedAt, ids] of SCANS) {
      for (const [target, found] of [
        ["api", ids],
        ["web", ["CVE-2"]],
      ] as const) {
        const external_id = `trivy|${target}|${scannedAt}`;
        await scans.scan(
          {
            kind: "scan",
            feed: "trivy",
            external_id,
            tool: "trivy",
            scan_type: "container",
            target,
            scanned_at: scannedAt,
            complete: true,
          },
          1,
        );
        for (const [index, id] of found.entries()) await scans.finding(vuln(id), index + 2);
      }
    }
    await scans.finish();
    return { skipped: 0, written: scans.written };
  });
  await store.importRecords(buildImport("register", "exceptions-yaml", NOW), async (writer) => {
    let line = 0;
    for (const month of ["07", "08", "09", "10"]) {
      const snapshot_at = at(`2026-${month}-15T00:00:00`);
      const approved = { snapshot_at, approved_at: at("2026-07-10T00:00:00") };
      const none = { controls: [], checks: [], assets: [], findings: [] };
      await writer.write(
        buildException({
          external_id: "EX-1",
          ...approved,
          owner: "alice",
          expires_at: at("2026-09-15T00:00:00"),
          scope: { ...none, findings: ["CVE-1"], assets: ["api"] },
        }),
        ++line,
      );
      await writer.write(
        buildException({
          external_id: "EX-2",
          ...approved,
          owner: "bob",
          expires_at: at("2027-01-01T00:00:00"),
          scope: { ...none, assets: ["web"] },
        }),
        ++line,
      );
      await writer.write(
        buildException({
          external_id: "EX-3",
          snapshot_at,
          status: "requested",
          approved_by: null,
          expires_at: null,
          scope: { ...none, findings: ["CVE-3"] },
        }),
        ++line,
      );
    }
    return { skipped: 0 };
  });
  await store.importRecords(buildImport("prowler", "prowler", NOW), async (writer) => {
    const results = [
      ["web", "iam_root_mfa", "2026-10-10T00:00:00", true],
      ["db", "s3_public", "2026-09-10T00:00:00", true],
      ["db", "s3_public", "2026-10-10T00:00:00", true],
      ["db", "old_check", "2026-09-10T00:00:00", true],
      ["db", "old_check", "2026-10-05T00:00:00", false],
    ] as const;
    for (const [n, [asset, check_id, when, suppressed]] of results.entries())
      await writer.write(
        buildCheckResult({
          feed: "prowler",
          asset,
          check_id,
          result: "fail",
          checked_at: at(when),
          suppressed,
        }),
        n + 1,
      );
    return { skipped: 0 };
  });
}

const METRICS = [
  "open_vulnerabilities",
  "open_critical_vulnerabilities",
  "open_high_vulnerabilities",
  "vuln_sla_missed",
  "security_debt",
] as const;

for (const engine of ENGINES) {
  describe(`accepted risk under the exceptions register on ${engine.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    let october: KpiReport;
    const config = parseConfig({});
    const metric = (report: KpiReport, id: string) => {
      const found = report.metrics.find((m) => m.id === id);
      if (!found) throw new Error(`no metric ${id}`);
      return found;
    };

    beforeAll(async () => {
      ({ store, dispose } = await createTestStore(engine));
      await importWorkedExample(store);
      october = await computeKpis(store, "2026-10", { config, now: NOW });
    });
    afterAll(async () => dispose());

    it("leaves findings under an exception in force out of the open counts, SLA and debt, each month", () => {
      const series = (id: string) => [
        ...metric(october, id)
          .history.slice(-3)
          .map((h) => h.value),
        metric(october, id).value,
      ];
      expect(METRICS.map(series)).toEqual([
        [4, 3, 3, 2],
        [0, 0, 1, 1],
        [1, 1, 1, 0],
        [100, 50, 75, 100],
        [1, 1, 3, 2],
      ]);
    });

    it("shows the accepted risk apart, and the lapsed exception whose findings count again", () => {
      const open = metric(october, "open_vulnerabilities").details;
      expect(open).toMatchObject({
        accepted_risk: 1,
        accepted_risk_exceptions: [
          { id: "EX-2", owner: "bob", expires_at: "2027-01-01T00:00:00.000Z", count: 1 },
        ],
        lapsed_exceptions: [
          { id: "EX-1", owner: "alice", expires_at: "2026-09-15T00:00:00.000Z", count: 1, state: "expired" },
        ],
      });
      // a2 fixed late, a1 and a3 open past due; w2 past due too, but accepted.
      expect(metric(october, "vuln_sla_missed").details).toMatchObject({
        fixed_late: 1,
        open_past_due: 2,
        accepted_risk: 1,
        lapsed_exceptions: [{ id: "EX-1", count: 1 }],
      });
      expect(metric(october, "open_high_vulnerabilities").details).toMatchObject({ accepted_risk: 1 });
    });

    it("counts August with both exceptions in force: two findings accepted", async () => {
      const august = await computeKpis(store, "2026-08", { config, now: NOW });
      expect(metric(august, "open_vulnerabilities").details).toMatchObject({
        accepted_risk: 2,
        accepted_risk_exceptions: [
          { id: "EX-1", count: 1 },
          { id: "EX-2", count: 1 },
        ],
        lapsed_exceptions: [],
      });
      // Past due a1, a2, w2 and a4 fixed on time: without the register 3 / 4 = 75 %.
      expect(metric(august, "vuln_sla_missed").details).toMatchObject({
        open_past_due: 1,
        fixed_on_time: 1,
        accepted_risk: 2,
      });
    });

    it("marks the drill-down rows: accepted risk not counted, the lapsed exception named", async () => {
      const { rows } = await drillDown(store, "open_vulnerabilities", "2026-10", config);
      const byId = (vulnerability: string, target: string) =>
        rows.find(
          (r) => r.fields.vulnerability_id === vulnerability && r.fields.target === target,
        ) as DrillRow;
      expect(byId("CVE-2", "web")).toMatchObject({
        counted: false,
        note: "accepted risk: exception EX-2 in force until 2027-01-01, shown apart",
        fields: { status: "accepted_risk", exception: "EX-2", exception_owner: "bob" },
      });
      expect(byId("CVE-1", "api")).toMatchObject({
        counted: true,
        note: "exception EX-1 expired 2026-09-15: counts again",
        fields: { exception: "EX-1", exception_state: "expired" },
      });
      expect(rows.filter((r) => r.counted)).toHaveLength(2);
    });

    it("lists a finding under an exception in force as accepted risk, as its drill-down row", async () => {
      const list = async (status: "open" | "accepted_risk" | "all", period: string) =>
        (await listFindings(store, { status, period, limit: 100 }, config, NOW)).rows.map((r) => [
          r.vulnerability_id,
          r.target,
          r.status,
          r.exception,
          r.exception_state,
        ]);
      // October (judged Nov 1): open a1 (EX-1 expired Sep 15: counts again), a3 (EX-3 only
      // requested: no cover); w2 under EX-2 in force. a2, a4, a5 fixed by then.
      expect(await list("open", "2026-10")).toEqual([
        ["CVE-1", "api", "open", "EX-1", "expired"],
        ["CVE-3", "api", "open", null, null],
      ]);
      expect(await list("accepted_risk", "2026-10")).toEqual([
        ["CVE-2", "web", "accepted_risk", "EX-2", "in_force"],
      ]);
      // Every finding first seen by then, in order of first sight (Jul 1, api's before web's):
      // a fixed one names no exception, whatever covered it.
      expect(await list("all", "2026-10")).toEqual([
        ["CVE-1", "api", "open", "EX-1", "expired"],
        ["CVE-2", "api", "fixed", null, null],
        ["CVE-3", "api", "open", null, null],
        ["CVE-4", "api", "fixed", null, null],
        ["CVE-5", "api", "fixed", null, null],
        ["CVE-2", "web", "accepted_risk", "EX-2", "in_force"],
      ]);
      // August (judged Sep 1): EX-1 and EX-2 both in force; open a2 a3 a5 (a4 fixed Aug 1),
      // accepted a1 w2 — the 3 open_vulnerabilities counts and its 2 accepted risk. api was
      // last scanned Aug 1 12:00, 30.5 days before: not rescanned (beyond the default 30 days),
      // but the exception comes first for a1.
      expect(await list("open", "2026-08")).toEqual([
        ["CVE-2", "api", "not_rescanned", null, null],
        ["CVE-3", "api", "not_rescanned", null, null],
        ["CVE-5", "api", "not_rescanned", null, null],
      ]);
      expect(await list("accepted_risk", "2026-08")).toEqual([
        ["CVE-1", "api", "accepted_risk", "EX-1", "in_force"],
        ["CVE-2", "web", "accepted_risk", "EX-2", "in_force"],
      ]);
      expect((await list("open", "2026-10")).length).toBe(metric(october, "open_vulnerabilities").value);
    });

    it("names the lapsed exception in the SLA recommendation, and the unregistered exceptions", async () => {
      const records = new Map<string, DrillRow[]>();
      for (const id of metricsToDrill(october))
        records.set(id, (await drillDown(store, id, "2026-10", config)).rows);
      const { recommendations } = reviewPeriod(october, records);
      const sla = recommendations.find(
        (r) => r.metric_id === "vuln_sla_missed" && r.kind === "missed_target",
      );
      expect(sla?.rationale).toContain(
        "Exception EX-1 (owner alice) expired 2026-09-15: its 1 finding counts again; renew it through review or fix it.",
      );
      expect(sla?.records.find((r) => r.label === "CVE-1 on api")?.detail).toBe(
        "critical, pkg, 116 days past its due date, exception EX-1 of alice expired 2026-09-15",
      );
      const unregistered = recommendations.find((r) => r.kind === "unregistered_exceptions");
      expect(unregistered).toMatchObject({
        metric_id: "open_exceptions",
        title: "Register or lift the exceptions a tool set aside: s3_public on db",
        records_total: 1,
      });
    });

    it("reports the suppressed results no exception covers as unregistered exceptions", async () => {
      const september = await computeKpis(store, "2026-09", { config, now: NOW });
      const open = (report: KpiReport) => metric(report, "open_exceptions");
      // EX-1 expired Sep 15: only EX-2 open in September and October.
      expect([open(september).value, open(october).value]).toEqual([1, 1]);
      expect(open(september).details).toMatchObject({ unregistered: 2 });
      expect(
        (open(september).details.unregistered_exceptions as { check_id: string }[]).map((r) => r.check_id),
      ).toEqual(["old_check", "s3_public"]);
      // The drill lists the register's three exceptions (EX-1 expired, EX-2 counted, EX-3
      // requested), then each unregistered result, not counted: the value stays 1.
      const drill = async (period: string) =>
        (await drillDown(store, "open_exceptions", period, config)).rows.map((r) => [
          r.kind,
          r.id,
          r.counted,
          r.note,
        ]);
      expect(await drill("2026-09")).toEqual([
        ["exception", "EX-1", false, "expired"],
        ["exception", "EX-2", true, null],
        ["exception", "EX-3", false, "requested"],
        ["check_result", "db old_check", false, "unregistered: set aside by prowler with no register entry"],
        ["check_result", "db s3_public", false, "unregistered: set aside by prowler with no register entry"],
      ]);
      const octoberRows = (await drillDown(store, "open_exceptions", "2026-10", config)).rows;
      expect(octoberRows.filter((r) => r.counted)).toHaveLength(open(october).value as number);
      expect(octoberRows.filter((r) => r.kind === "check_result")).toEqual([
        expect.objectContaining({
          id: "db s3_public",
          fields: expect.objectContaining({
            at: "2026-10-10T00:00:00.000Z",
            state: "unregistered",
            scope: "checks: s3_public; assets: db",
            feed: "prowler",
          }),
          provenance: expect.objectContaining({ line: 3 }), // the third result written
        }),
      ]);
      // The other drills of the family list the register alone.
      expect(
        (await drillDown(store, "expired_exceptions", "2026-10", config)).rows.map((r) => r.kind),
      ).toEqual(["exception", "exception", "exception"]);
      expect(open(october).details).toMatchObject({
        unregistered: 1,
        unregistered_exceptions: [
          {
            asset: "db",
            check_id: "s3_public",
            result: "fail",
            checked_at: "2026-10-10T00:00:00.000Z",
            feed: "prowler",
          },
        ],
      });
    });
  });
}
