import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../config/load.ts";
import type { Scan } from "../domains/vulnerabilities/records.ts";
import { ScanWriter } from "../domains/vulnerabilities/scan-writer.ts";
import { finding } from "../importers/shared/scan-input.ts";
import type { Store } from "../store/store.ts";
import { createTestStore, ENGINES } from "../test-support/engines.ts";
import { drillDown } from "./drill-down.ts";
import { listFindings } from "./findings.ts";

const DAY = 86_400_000;
const SEP_1 = Date.parse("2026-09-01T00:00:00Z");
const config = parseConfig({});

function scan(at: number): Scan {
  const target = "registry.example.com/api";
  return {
    kind: "scan",
    feed: "trivy",
    external_id: `t|${at}`,
    tool: "trivy",
    scan_type: "container",
    target,
    scanned_at: at,
    complete: true,
  };
}

const critical = finding({
  identity: "CVE-1|openssl",
  vulnerability_id: "CVE-1",
  severity: "critical",
  category: "container",
  package_name: "openssl",
  line: 7,
});
const high = finding({
  identity: "CVE-2|zlib",
  vulnerability_id: "CVE-2",
  severity: "high",
  category: "container",
  package_name: "zlib",
  line: 9,
});

describe("findings behind the vulnerability numbers", () => {
  let store: Store;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    ({ store, dispose } = await createTestStore(ENGINES[0] as (typeof ENGINES)[number]));
    // Sep 1: both; Sep 20: only the critical one (the high one is fixed on Sep 20).
    await store.importRecords(
      { format: "trivy", feed: "trivy", file_name: "scans.json", sha256: "s", imported_at: SEP_1 },
      async (writer) => {
        const scans = new ScanWriter(writer.transaction, writer.importId);
        await scans.scan(scan(SEP_1), 1);
        await scans.finding(critical, 7);
        await scans.finding(high, 9);
        await scans.scan(scan(SEP_1 + 19 * DAY), 20);
        await scans.finding(critical, 27);
        await scans.finish();
        return { skipped: 0, written: scans.written };
      },
    );
  });
  afterAll(async () => dispose());

  it("lists open criticals at a period end with first seen, due date, age and source line", async () => {
    const list = await listFindings(
      store,
      { status: "open", severity: ["critical"], period: "2026-09", limit: 10 },
      config,
      Date.parse("2026-11-01T00:00:00Z"),
    );
    expect(list.rows).toEqual([
      expect.objectContaining({
        vulnerability_id: "CVE-1",
        first_seen_at: "2026-09-01T00:00:00.000Z",
        due_at: "2026-09-08T00:00:00.000Z", // critical: 7 days
        age_days: 30, // Sep 1 → Oct 1
        overdue: true,
        source: "scans.json:7",
      }),
    ]);
  });

  it("lists fixed findings with their age at the fix, and truncates at the limit", async () => {
    const fixed = await listFindings(
      store,
      { status: "fixed", period: "2026-09", limit: 10 },
      config,
      Date.parse("2026-11-01T00:00:00Z"),
    );
    expect(fixed.rows.map((r) => [r.vulnerability_id, r.fixed_at, r.age_days, r.overdue])).toEqual([
      ["CVE-2", "2026-09-20T00:00:00.000Z", 19, false], // high: due Oct 1, fixed after 19 days
    ]);
    // Fixed on Sep 20, before the period's end: `status` (and `state`) say fixed; the
    // tool's triage status stays "open" (nobody set it apart).
    expect(fixed.rows.map((r) => [r.status, r.state, r.triage_status])).toEqual([["fixed", "fixed", "open"]]);
    const before = await listFindings(
      store,
      { status: "all", period: "2026-09", limit: 10 },
      config,
      Date.parse("2026-09-10T00:00:00Z"),
    );
    // As of Sep 10 (now, inside the period) CVE-2 is not fixed yet: both open.
    expect(before.rows.map((r) => [r.vulnerability_id, r.status])).toEqual([
      ["CVE-1", "open"],
      ["CVE-2", "open"],
    ]);
    const all = await listFindings(
      store,
      { status: "all", limit: 1 },
      config,
      Date.parse("2026-11-01T00:00:00Z"),
    );
    expect([all.rows.length, all.truncated]).toEqual([1, true]);
  });

  it("drills mttp down to the fixed finding, shown as fixed", async () => {
    const drill = await drillDown(store, "mttp", "2026-09", config);
    // CVE-2, first seen Sep 1 and fixed Sep 20: 19 days.
    expect(
      drill.rows.map((r) => [
        r.fields.vulnerability_id,
        r.fields.status,
        r.fields.triage_status,
        r.fields.fixed_at,
        r.fields.duration_seconds,
      ]),
    ).toEqual([["CVE-2", "fixed", "open", "2026-09-20T00:00:00.000Z", 19 * 86_400]]);
  });

  it("drills vuln_sla_missed down to the late and on-time findings", async () => {
    const drill = await drillDown(store, "vuln_sla_missed", "2026-09", config);
    expect(drill.rows.map((r) => [r.fields.vulnerability_id, r.counted, r.note])).toEqual([
      ["CVE-2", true, "fixed on time"],
      ["CVE-1", true, "open past due"],
    ]);
  });
});
