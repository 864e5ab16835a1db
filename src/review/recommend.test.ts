import { describe, expect, it } from "vitest";
import type { MetricResult } from "../app/kpi-report.ts";
import { resolveCatalog } from "../catalog/resolve.ts";
import { parseConfig } from "../config/load.ts";
import { vulnerabilityMetrics } from "../domains/vulnerabilities/compute.ts";
import { scanTargetStates } from "../domains/vulnerabilities/targets.ts";
import { judgeTrend } from "../trends/index.ts";
import { recommend } from "./recommend.ts";

const DAY = 86_400_000;
const NOV_1 = Date.parse("2026-11-01T00:00:00Z");

/** open_vulnerabilities as `computeKpis` reports it, with the pack's own figures for the targets. */
function openVulnerabilities(targets: Parameters<typeof scanTargetStates>): MetricResult {
  const definition = resolveCatalog(parseConfig({})).find((m) => m.id === "open_vulnerabilities");
  if (!definition) throw new Error("no open_vulnerabilities in the catalog");
  const value = vulnerabilityMetrics(
    { open: [], fixed: [], new: [] },
    { asOf: NOV_1, targets: scanTargetStates(...targets) },
  ).open_vulnerabilities;
  if (!value) throw new Error("not computed");
  return {
    ...definition,
    ...value,
    status: "no_target",
    trend: "insufficient_data",
    history: [],
    trend_detail: judgeTrend([{ period: "2026-10", value: value.value }], "down"),
    last_import_at: null,
  };
}

describe("recommend: scan targets not rescanned", () => {
  it("names each target whose scanner stopped, with its last scan, its age and its open findings", () => {
    const metric = openVulnerabilities([
      [
        {
          target: "registry.example/api:main",
          tool: "trivy",
          first_scan_at: 0,
          last_scan_at: NOV_1 - 37 * DAY,
          scans: 9,
        },
        {
          target: "registry.example/web:main",
          tool: "trivy",
          first_scan_at: 0,
          last_scan_at: NOV_1 - 2 * DAY,
          scans: 9,
        },
      ],
      [],
      [
        { target: "registry.example/api:main", tool: "trivy", severity: "critical", count: 1 },
        { target: "registry.example/api:main", tool: "trivy", severity: "medium", count: 2 },
        { target: "registry.example/web:main", tool: "trivy", severity: "high", count: 1 },
      ],
      { asOf: NOV_1, retireAfterMs: 30 * DAY },
    ]);
    // api: last scanned Sep 25, 37 d before Nov 1 (> 30 d); web, 2 d before, is not named.
    expect(recommend([metric], "2026-10")).toEqual([
      {
        id: "open_vulnerabilities:not_rescanned:registry.example/api:main:trivy",
        metric_id: "open_vulnerabilities",
        kind: "not_rescanned",
        category: "Vulnerability Management",
        title: "Rescan registry.example/api:main with trivy, or retire it (last scan 2026-09-25)",
        priority: "Medium",
        rationale:
          "trivy last scanned registry.example/api:main on 2026-09-25, 37 days before the period's end; it has 3 open findings (1 critical, 2 medium), still counted as open though no scan has confirmed or fixed any since. If the target is gone: secmetrics targets retire registry.example/api:main",
        expected_impact:
          "Open vulnerabilities counts only findings a scanner still sees: the 3 open findings confirmed by a new scan, or no longer counted once the target is retired",
        owner: metric.owner,
      },
    ]);
  });
});
