import { describe, expect, it } from "vitest";
import type { ChartKind, Unit } from "../model/metric-definition.ts";
import { CATALOG } from "./metrics.ts";

/**
 * The unit a chart reads its values in: a p-chart's are percentages of a
 * whole, a u-chart's a rate per day, a c-chart's a count. XmR suits any unit.
 */
const CHART_UNITS: Record<ChartKind, readonly Unit[]> = {
  p: ["percent"],
  u: ["per_day"],
  c: ["count"],
  xmr: ["seconds", "count", "percent", "per_day", "score"],
};

describe("the catalog's charts", () => {
  it.each(CATALOG.map((metric) => [metric.id, metric] as const))(
    "%s is charted in its unit",
    (_id, metric) => {
      expect(CHART_UNITS[metric.chart]).toContain(metric.unit);
    },
  );

  it("judges every percentage on a p-chart: each is a part of a whole that the value's n counts", () => {
    // A median of per-proposal turnouts is no part of a whole: an individuals (XmR) chart fits it.
    const medians = ["governance_participation"];
    expect(
      CATALOG.filter((m) => m.unit === "percent" && m.chart !== "p" && !medians.includes(m.id)).map(
        (m) => m.id,
      ),
    ).toEqual([]);
  });
});
