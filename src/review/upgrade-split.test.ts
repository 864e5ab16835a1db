import { describe, expect, it } from "vitest";
import { findMetric } from "../catalog/metrics.ts";
import type { DrillRow } from "../domains/drill-row.ts";
import { buildDrillRow } from "../test-support/drill-rows.ts";
import { buildMetricResult } from "../test-support/metric-results.ts";
import { findingRef, recommendation } from "../test-support/recommendations.ts";
import { upgradeId, upgradePieces, withParentOwners } from "./upgrade-split.ts";

const PERIODS = ["2026-07", "2026-08", "2026-09"];
const AT = Date.UTC(2026, 9, 1);
const API = "registry.example/api:main";
const WEB = "registry.example/web:main";

const metric = (id: string) => {
  const definition = findMetric(id);
  if (!definition) throw new Error(`no metric ${id}`);
  return buildMetricResult(definition, PERIODS, { owner: "team-platform", series: [1, 2, 4] });
};
const METRICS = [metric("open_critical_vulnerabilities"), metric("open_vulnerabilities")];

const finding = (id: string, fields: DrillRow["fields"]) =>
  buildDrillRow("finding", id, {
    severity: "critical",
    target: API,
    // Trivy names an image's OS packages by the image: the target itself.
    location: `${API} (debian 12.5)`,
    due_at: "2026-09-20T00:00:00.000Z",
    fixed_at: null,
    ...fields,
  });

/** Two CVEs one openssl upgrade fixes on api, curl with no fix there, openssl on web, a jar, a SAST finding, one fixed. */
const ROWS = [
  finding("api a#1", {
    vulnerability_id: "CVE-2024-5535",
    package: "openssl",
    fixed_version: "3.0.15-1~deb12u1",
  }),
  finding("api b#1", {
    vulnerability_id: "CVE-2024-6119",
    package: "openssl",
    fixed_version: "3.0.15-1~deb12u1",
  }),
  finding("api c#1", { vulnerability_id: "CVE-2024-2398", package: "curl", fixed_version: null }),
  finding("web a#1", {
    vulnerability_id: "CVE-2024-5535",
    target: WEB,
    location: `${WEB} (debian 12.5)`,
    package: "openssl",
    fixed_version: "3.0.15-1~deb12u1",
  }),
  finding("api j#1", {
    vulnerability_id: "CVE-2022-42889",
    location: "app/lib/commons-text-1.9.jar",
    package: "org.apache.commons:commons-text",
    fixed_version: "1.10.0",
  }),
  finding("api s#1", { vulnerability_id: "java/sql-injection", package: null, location: "src/Db.java:12" }),
  finding("api d#1", {
    vulnerability_id: "CVE-2023-0001",
    package: "zlib",
    fixed_version: "1.3",
    fixed_at: "2026-09-10T00:00:00.000Z",
  }),
];

const critical = recommendation("open_critical_vulnerabilities:missed_target", {
  records: [findingRef("CVE-2024-5535", API)],
});

describe("upgradePieces", () => {
  it("groups the open findings by target, location and package; no fixed version: no fix available", () => {
    const pieces = upgradePieces([critical], METRICS, new Map([[critical.metric_id, ROWS]]), AT);
    // Hand count: 7 rows; the SAST one names no package, zlib's is fixed: 5 findings in 4 upgrades.
    expect(pieces.map((p) => [p.id, p.title, p.findings.map((f) => f.vulnerability_id)])).toEqual([
      [
        `upgrade:${API}:openssl`,
        `Upgrade openssl to 3.0.15-1~deb12u1 in ${API}`,
        ["CVE-2024-5535", "CVE-2024-6119"],
      ],
      [`upgrade:${API}:curl@no-fix`, `Mitigate curl in ${API}: no fix available yet`, ["CVE-2024-2398"]],
      [
        `upgrade:${API}:app/lib/commons-text-1.9.jar:org.apache.commons:commons-text`,
        `Upgrade org.apache.commons:commons-text to 1.10.0 in ${API} (app/lib/commons-text-1.9.jar)`,
        ["CVE-2022-42889"],
      ],
      [`upgrade:${WEB}:openssl`, `Upgrade openssl to 3.0.15-1~deb12u1 in ${WEB}`, ["CVE-2024-5535"]],
    ]);
    expect(pieces[0]?.findings[0]).toEqual({
      id: "api a#1",
      vulnerability_id: "CVE-2024-5535",
      severity: "critical",
      due: "2026-09-20",
      fixed_version: "3.0.15-1~deb12u1",
    });
    expect(pieces[0]).toMatchObject({ parent_ids: [critical.id], priority: "High", owner: "team-platform" });
  });

  it("raises a package once, to the highest version that fixes its CVEs, and keeps its id when that version moves", () => {
    const older = finding("api a#1", {
      vulnerability_id: "CVE-2024-5535",
      package: "openssl",
      fixed_version: "3.0.9",
    });
    const newer = finding("api b#1", {
      vulnerability_id: "CVE-2024-6119",
      package: "openssl",
      fixed_version: "3.0.15",
    });
    const first = upgradePieces([critical], METRICS, new Map([[critical.metric_id, [older]]]), AT);
    const both = upgradePieces([critical], METRICS, new Map([[critical.metric_id, [older, newer]]]), AT);
    expect(first.map((p) => [p.id, p.title])).toEqual([
      [`upgrade:${API}:openssl`, `Upgrade openssl to 3.0.9 in ${API}`],
    ]);
    // 3.0.15 after 3.0.9: numeric runs compare as numbers.
    expect(both.map((p) => [p.id, p.title, p.findings.length])).toEqual([
      [`upgrade:${API}:openssl`, `Upgrade openssl to 3.0.15 in ${API}`, 2],
    ]);
  });

  it("keeps an upgrade's id when a CVE joins it and when the period changes", () => {
    const before = upgradePieces([critical], METRICS, new Map([[critical.metric_id, ROWS.slice(0, 1)]]), AT);
    const later = Date.UTC(2026, 10, 1);
    const after = upgradePieces(
      [critical],
      METRICS,
      new Map([[critical.metric_id, ROWS.slice(0, 2)]]),
      later,
    );
    expect(after[0]?.id).toBe(before[0]?.id);
    expect(after[0]?.id).toBe(upgradeId(API, null, "openssl", true));
    expect(after[0]?.findings).toHaveLength(2);
  });

  it("files an upgrade two recommendations share once, with both parents and the findings of both", () => {
    const open = recommendation("open_vulnerabilities:worsening", {
      records: [findingRef("CVE-2024-6119", API)],
    });
    const pieces = upgradePieces(
      [critical, open],
      METRICS,
      new Map([
        [critical.metric_id, ROWS.slice(0, 1)],
        [open.metric_id, ROWS.slice(0, 2)],
      ]),
      AT,
    );
    expect(pieces).toHaveLength(1);
    expect(pieces[0]?.parent_ids).toEqual([critical.id, open.id]);
    expect(pieces[0]?.findings.map((f) => f.id)).toEqual(["api a#1", "api b#1"]);
    // Assigned to someone else, the first parent's owner is the upgrade's.
    expect(withParentOwners(pieces, [{ ...critical, owner: "ana" }])[0]?.owner).toBe("ana");
  });

  it("splits nothing of a stale feed's recommendation, nor one on no finding", () => {
    const stale = recommendation("open_critical_vulnerabilities:stale", { records: critical.records });
    const accounts = recommendation("open_vulnerabilities:missed_target");
    const records = new Map([
      [critical.metric_id, ROWS],
      [accounts.metric_id, ROWS],
    ]);
    expect(upgradePieces([stale, accounts], METRICS, records, AT)).toEqual([]);
  });
});
