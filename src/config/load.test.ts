import { describe, expect, it } from "vitest";
import { parseConfig } from "./load.ts";

describe("parseConfig", () => {
  const isMetricId = (id: string) => id === "mttd";

  it("takes overrides of metrics the catalog has", () => {
    expect(parseConfig({ metrics: { mttd: { owner: "SecOps" } } }, "c.yaml", isMetricId).metrics).toEqual({
      mttd: { owner: "SecOps" },
    });
  });

  it("rejects an override of a metric the catalog does not have", () => {
    expect(() => parseConfig({ metrics: { mtdd: { owner: "SecOps" } } }, "c.yaml", isMetricId)).toThrow(
      "c.yaml: metrics.mtdd: no such metric",
    );
  });
});
