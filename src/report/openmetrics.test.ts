import { describe, expect, it } from "vitest";
import type { KpiReport } from "../app/kpi-report.ts";
import { kpiReport } from "./fixtures/reports.ts";
import { openMetricsHistory, renderOpenMetrics } from "./openmetrics.ts";

/** The fixture's month three times, ending 1, 2 and 3 days after the epoch. */
async function history(): Promise<string> {
  async function* reports(): AsyncGenerator<KpiReport> {
    for (const day of [1, 2, 3]) {
      const report = kpiReport();
      yield { ...report, period: { ...report.period, end: day * 86_400_000 } };
    }
  }
  let text = "";
  for await (const chunk of openMetricsHistory(reports())) text += chunk;
  return text;
}

describe("openMetricsHistory", () => {
  it("writes each family once, each series' samples together and oldest first, and ends in # EOF", async () => {
    const lines = (await history()).trimEnd().split("\n");
    expect(lines.filter((line) => line.startsWith("# TYPE"))).toEqual([
      "# TYPE secmetrics_kpi_value gauge",
      "# TYPE secmetrics_kpi_target gauge",
      "# TYPE secmetrics_kpi_status gauge",
      "# TYPE secmetrics_kpi_trend gauge",
    ]);
    expect(lines.at(-1)).toBe("# EOF");
    const samples = lines.filter((line) => !line.startsWith("#"));
    const series = samples.map((line) => line.slice(0, line.lastIndexOf("} ") + 1));
    // Three periods: every series' samples are three adjacent lines stamped 86400, 172800, 259200.
    for (let i = 0; i < samples.length; i += 3) {
      expect(series.slice(i, i + 3)).toEqual([series[i], series[i], series[i]]);
      expect(samples.slice(i, i + 3).map((line) => line.split(" ").at(-1))).toEqual([
        "86400",
        "172800",
        "259200",
      ]);
    }
  });

  it("writes the same samples as /metrics, with a timestamp", async () => {
    const text = await history();
    const scraped = renderOpenMetrics(kpiReport())
      .split("\n")
      .filter((line) => /^secmetrics_kpi_(value|target|status|trend)\{/.test(line));
    for (const line of scraped) expect(text).toContain(`${line} 86400\n`);
    expect(text.split("\n").filter((line) => line.endsWith(" 86400"))).toHaveLength(scraped.length);
  });
});
