import { describe, expect, it } from "vitest";
import { findMetric } from "../catalog/metrics.ts";
import type { Certification } from "../config/trust-schema.ts";
import type { MetricDefinition } from "../model/metric-definition.ts";
import { buildKpiReport, buildMetricResult } from "../test-support/metric-results.ts";
import { loadTestTrust } from "../test-support/trust.ts";
import { certificationState, trustCenterView } from "./trust-center.ts";

const { trust } = loadTestTrust();
const START = Date.parse("2026-09-01T00:00:00Z");
const END = Date.parse("2026-10-01T00:00:00Z");
const NOW = Date.parse("2026-10-02T08:00:00Z");
const metric = (id: string) => findMetric(id) as MetricDefinition;

describe("the trust center's public view", () => {
  it.each([
    ["attested, within its dates", { status: "attested", valid_from: START, valid_until: NOW + 1 }, "valid"],
    ["attested, valid_until reached", { status: "attested", valid_from: START, valid_until: NOW }, "expired"],
    [
      "attested, not begun",
      { status: "attested", valid_from: NOW + 1, valid_until: NOW + 2 },
      "not_yet_valid",
    ],
    ["in progress", { status: "in_progress" }, "in_progress"],
    [
      "in progress with a past valid_until: still in progress",
      { status: "in_progress", valid_until: START },
      "in_progress",
    ],
  ] as const)("judges a certification %s", (_case, fields, state) => {
    expect(certificationState({ framework: "X", ...fields } as Certification, NOW)).toBe(state);
  });

  it("shows a current figure with its unit, a stale one as stale without its last value, a missing one as no data", () => {
    const report = buildKpiReport("2026-09", START, END, [
      buildMetricResult(metric("mttd"), ["2026-08", "2026-09"], { series: [600, 300], dataEnd: END - 1 }),
      buildMetricResult(metric("security_txt_days_left"), ["2026-08", "2026-09"], {
        series: [150, 120],
        stale: "no trust file since 2026-06",
      }),
    ]);
    const view = trustCenterView(
      { ...trust, metrics: [...trust.metrics, { id: "open_exceptions", wording: "Open exceptions" }] },
      report,
      NOW,
    );
    expect(view.metrics).toEqual([
      {
        id: "mttd",
        wording: trust.metrics[0]?.wording,
        state: "current",
        value: "5 min",
        reason: null,
        data_end: END - 1,
      },
      {
        id: "security_txt_days_left",
        wording: trust.metrics[1]?.wording,
        state: "stale",
        value: null,
        reason: "no trust file since 2026-06",
        data_end: null,
      },
      {
        id: "open_exceptions",
        wording: "Open exceptions",
        state: "no_data",
        value: null,
        reason: "not computed",
        data_end: null,
      },
    ]);
  });

  it("names public documents only, counts the NDA ones and leaves the private ones out", () => {
    const view = trustCenterView(trust, buildKpiReport("2026-09", START, END, []), NOW);
    expect(view.public_documents.map((d) => d.id)).toEqual(["security-overview"]);
    expect(view.nda_documents).toBe(2);
    // The SOC 2 report is an NDA document: the certification says so without linking it.
    expect(view.certifications[0]).toMatchObject({
      state: "valid",
      report: "soc2-report",
      public_report: null,
    });
    expect(view.certifications[1]?.state).toBe("expired");
  });
});
