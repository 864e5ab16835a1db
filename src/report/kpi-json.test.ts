import { describe, expect, it } from "vitest";
import { kpiReport } from "./fixtures/reports.ts";
import { kpiJson } from "./kpi-json.ts";

describe("kpiJson", () => {
  it("writes where a metric's data ends as ISO 8601, null when it has none", () => {
    const metrics = kpiJson(kpiReport()).metrics;
    const field = (id: string) => metrics.find((m) => m.id === id)?.data_end;
    // The fixture's alerts end 2026-09-02 06:00 UTC (Date.UTC(2026, 8, 2, 6)).
    expect(field("false_positive_rate")).toBe("2026-09-02T06:00:00.000Z");
    expect(field("mttd")).toBeNull();
  });
});
