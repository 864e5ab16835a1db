import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { finding } from "../../importers/shared/scan-input.ts";
import type { Severity } from "../../model/severity.ts";
import type { Interval, Store } from "../../store/store.ts";
import { createTestStore, ENGINES } from "../../test-support/engines.ts";
import { vulnerabilityMetrics } from "./compute.ts";
import { createSlaPolicy, type SlaPolicy } from "./lifecycle.ts";
import { earliestScan, type FindingQuery, findings, vulnerabilityTally } from "./queries.ts";
import type { Finding, Scan } from "./records.ts";
import { ScanWriter } from "./scan-writer.ts";

const DAY = 86_400_000;
const T0 = Date.parse("2026-09-01T00:00:00Z");

function scan(target: string, at: number, complete = true, tool = "trivy"): Scan {
  return {
    kind: "scan",
    feed: tool,
    external_id: `${tool}|${target}|${at}`,
    tool,
    scan_type: "container",
    target,
    scanned_at: at,
    complete,
  };
}

function vuln(id: string, severity: Severity, pkg = "openssl", extra: Partial<Finding> = {}): Finding {
  return finding({
    identity: `${id}|${pkg}`,
    vulnerability_id: id,
    severity,
    category: "container",
    package_name: pkg,
    line: 1,
    ...extra,
  });
}

type Entry = { scan: Scan; findings: Finding[] };

let files = 0;
async function importScans(store: Store, entries: Entry[], sla?: SlaPolicy) {
  files++;
  return store.importRecords(
    {
      format: "trivy",
      feed: "trivy",
      file_name: `scan-${files}.json`,
      sha256: `sha-${files}`,
      imported_at: T0,
    },
    async (writer) => {
      const scans = new ScanWriter(writer.transaction, writer.importId);
      for (const entry of entries) {
        await scans.scan(entry.scan, 1);
        for (const [index, f] of entry.findings.entries()) await scans.finding(f, index + 10);
      }
      await scans.finish(sla);
      return { skipped: 0, written: scans.written };
    },
  );
}

const findingsOf = (store: Store, query: FindingQuery) => store.read((q) => findings(q, query));
const tallyOf = (store: Store, interval: Interval) => store.read((q) => vulnerabilityTally(q, interval));

/** The lifecycle fields of every occurrence, in a stable order. */
async function lifecycle(store: Store) {
  const rows = await findingsOf(store, {});
  return rows
    .map((r) => [r.target, r.identity, r.occurrence, r.reintroduced, r.first_seen_at, r.fixed_at, r.due_at])
    .sort((a, b) => String(a).localeCompare(String(b)));
}

// Target "api": CVE-1 (critical) in every scan; CVE-2 (high) in s1, gone in
// s2, back in s3; s4 failed (incomplete, empty) and must close nothing.
const S1: Entry = { scan: scan("api", T0), findings: [vuln("CVE-1", "critical"), vuln("CVE-2", "high")] };
const S2: Entry = { scan: scan("api", T0 + 7 * DAY), findings: [vuln("CVE-1", "critical")] };
const S3: Entry = {
  scan: scan("api", T0 + 14 * DAY),
  findings: [vuln("CVE-1", "critical"), vuln("CVE-2", "high")],
};
const S4: Entry = { scan: scan("api", T0 + 21 * DAY, false), findings: [] };

const EXPECTED = [
  // CVE-1: open since T0, due T0 + 7 d (critical).
  ["api", "CVE-1|openssl", 1, false, T0, null, T0 + 7 * DAY],
  // CVE-2: first seen T0, fixed by s2 (T0 + 7 d), due T0 + 30 d (high).
  ["api", "CVE-2|openssl", 1, false, T0, T0 + 7 * DAY, T0 + 30 * DAY],
  // CVE-2 again in s3: a new, reintroduced occurrence, due T0 + 14 d + 30 d.
  ["api", "CVE-2|openssl", 2, true, T0 + 14 * DAY, null, T0 + 44 * DAY],
];

for (const engine of ENGINES) {
  describe(`scan writer and finding queries on ${engine.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;

    beforeEach(async () => {
      ({ store, dispose } = await createTestStore(engine));
    });
    afterEach(async () => dispose());

    it("derives first seen, fix, reintroduction and due dates; a failed scan closes nothing", async () => {
      const record = await importScans(store, [S1, S2, S3, S4]);
      expect(record.records).toBe(5); // 2 + 1 + 2 + 0 sightings
      expect(await lifecycle(store)).toEqual(EXPECTED);
      expect(await store.read(earliestScan)).toBe(T0);
    });

    it("gives the same result whatever order the scans are imported in, one file each", async () => {
      for (const entry of [S3, S4, S1, S2]) await importScans(store, [entry]);
      expect(await lifecycle(store)).toEqual(EXPECTED);
    });

    it("re-importing the same scan from another file changes nothing", async () => {
      await importScans(store, [S1, S2, S3]);
      const before = await lifecycle(store);
      await importScans(store, [S2]);
      expect(await lifecycle(store)).toEqual(before);
    });

    it("never closes a finding from a scan of another target or tool; the same CVE in two packages is two findings", async () => {
      await importScans(store, [
        { scan: scan("api", T0), findings: [vuln("CVE-1", "critical"), vuln("CVE-1", "critical", "libssl")] },
        { scan: scan("web", T0 + DAY), findings: [] },
        { scan: scan("api", T0 + 2 * DAY, true, "grype"), findings: [] },
      ]);
      const rows = await findingsOf(store, { openAt: T0 + 3 * DAY });
      expect(rows.map((r) => [r.target, r.identity, r.fixed_at])).toEqual([
        ["api", "CVE-1|openssl", null],
        ["api", "CVE-1|libssl", null],
      ]);
    });

    it("keeps a due date frozen when the policy changes later, and gives new findings the new policy", async () => {
      await importScans(store, [S1]);
      const strict = createSlaPolicy({ days: { critical: 3 } });
      await importScans(
        store,
        [
          {
            scan: scan("api", T0 + 7 * DAY),
            findings: [vuln("CVE-1", "critical"), vuln("CVE-9", "critical")],
          },
        ],
        strict,
      );
      const rows = await findingsOf(store, { severity: ["critical"] });
      expect(rows.map((r) => [r.vulnerability_id, r.due_at])).toEqual([
        ["CVE-1", T0 + 7 * DAY], // frozen at first sight under the 7-day default
        ["CVE-9", T0 + 10 * DAY], // first seen T0 + 7 d under the 3-day policy
      ]);
    });

    it("keeps provenance of the first sighting and rolls back a failed import whole", async () => {
      const record = await importScans(store, [S1]);
      const [first] = await findingsOf(store, { severity: ["critical"] });
      expect(first?.provenance).toMatchObject({
        import_id: record.id,
        file_name: `scan-${files}.json`,
        line: 10,
      });
      await expect(
        store.importRecords(
          { format: "trivy", feed: "trivy", file_name: "bad.json", sha256: "bad", imported_at: T0 },
          async (writer) => {
            await new ScanWriter(writer.transaction, writer.importId).scan(S2.scan, 1);
            throw new Error("truncated");
          },
        ),
      ).rejects.toThrow("truncated");
      expect(await lifecycle(store)).toEqual([
        ["api", "CVE-1|openssl", 1, false, T0, null, T0 + 7 * DAY],
        ["api", "CVE-2|openssl", 1, false, T0, null, T0 + 30 * DAY],
      ]);
    });

    it("re-derives a target with more identities than one chunk holds", async () => {
      // 12,000 identities (over two chunks of 5,000); the second scan drops every third one.
      const all = Array.from({ length: 12_000 }, (_, i) => vuln(`CVE-${String(i).padStart(5, "0")}`, "low"));
      await importScans(store, [
        { scan: scan("big", T0), findings: all },
        { scan: scan("big", T0 + DAY), findings: all.filter((_, i) => i % 3 !== 0) },
      ]);
      const open = await tallyOf(store, { start: T0, end: T0 + 2 * DAY });
      // Open: 12,000 − 4,000 fixed = 8,000; fixed on day 1: 4,000.
      expect(open.open.reduce((sum, g) => sum + g.count, 0)).toBe(8000);
      expect(open.fixed.reduce((sum, g) => sum + g.count, 0)).toBe(4000);
      // Re-importing the first scan alone changes nothing.
      await importScans(store, [{ scan: scan("big", T0), findings: all }]);
      const again = await tallyOf(store, { start: T0, end: T0 + 2 * DAY });
      expect(again.open.reduce((sum, g) => sum + g.count, 0)).toBe(8000);
    }, 60_000);

    it("tallies a period in SQL, and the KPIs follow from the tally by hand", async () => {
      await importScans(store, [
        S1,
        S2,
        S3,
        S4,
        {
          scan: scan("api", T0 + 14 * DAY, true, "semgrep"),
          findings: [
            finding({
              identity: "sql-injection|app.py:3",
              vulnerability_id: "sql-injection",
              severity: "medium",
              category: "sast",
              line: 1,
            }),
            finding({
              identity: "weak-hash|app.py:9",
              vulnerability_id: "weak-hash",
              severity: "low",
              category: "sast",
              status: "false_positive",
              line: 1,
            }),
          ],
        },
      ]);
      const asOf = T0 + 28 * DAY;
      const values = vulnerabilityMetrics(await tallyOf(store, { start: T0, end: asOf }), {
        asOf,
        targets: [],
      });
      // Open at T0 + 28 d: CVE-1 (critical), CVE-2 #2 (high), sql-injection (medium) = 3;
      // weak-hash is a false positive, shown apart.
      expect(values.open_vulnerabilities?.value).toBe(3);
      expect(values.open_vulnerabilities?.details.excluded).toEqual({ false_positive: 1 });
      // Ages at T0 + 28 d: 28 d, 14 d, 14 d: all ≤ 30 d.
      expect(values.open_vulnerabilities?.details.age_buckets).toEqual({
        "0-30d": 3,
        "31-60d": 0,
        "61-90d": 0,
        over_90d: 0,
      });
      expect(values.open_critical_vulnerabilities?.value).toBe(1);
      expect(values.open_high_vulnerabilities?.value).toBe(1);
      // Fixed in the period: CVE-2 #1 after 7 d = 604,800 s.
      expect(values.mttp?.value).toBe(604_800);
      // Past due at T0 + 28 d: CVE-1 (due T0 + 7 d). sql-injection is due T0 + 14 d + 90 d.
      expect(values.security_debt?.value).toBe(1);
      // Missed: 0 fixed late + 1 open past due, over 1 fixed with an SLA + 1 open past due = 50 %.
      expect(values.vuln_sla_missed?.value).toBe(50);
      expect(values.repeat_findings?.value).toBe(1);
      expect(values.sast_findings_new?.value).toBe(1);
      expect(values.sast_findings_new?.details.excluded).toEqual({ false_positive: 1 });
    });
  });
}
