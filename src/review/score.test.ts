import { describe, expect, it } from "vitest";
import { findMetric } from "../catalog/metrics.ts";
import { buildMetricResult } from "../test-support/metric-results.ts";
import { scoreBasis } from "./score.ts";

const PERIODS = ["2026-07", "2026-08", "2026-09", "2026-10"];

describe("scoreBasis of a stale source", () => {
  it("counts the consecutive stale periods, this one included, up to 3", () => {
    const definition = findMetric("config_drift_events");
    if (!definition) throw new Error("no config_drift_events");
    const metric = buildMetricResult(definition, PERIODS, {
      series: [2, null, null, null],
      stale: "last plan run",
    });
    // August and September were stale too (their data had ended); July was not.
    const history = metric.history.map((point, index) =>
      index === 0 ? point : { ...point, status: "stale" as const },
    );
    // October + September + August = 3 (the cap); severity 2 for a silent source, trend 1 (no verdict).
    expect(scoreBasis({ ...metric, history }, "stale")).toEqual({ severity: 2, persistence: 3, trend: 1 });
    // Only October stale: 1.
    expect(scoreBasis(metric, "stale")).toEqual({ severity: 2, persistence: 1, trend: 1 });
  });
});
