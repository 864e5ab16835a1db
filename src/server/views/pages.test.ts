import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MetricResult } from "../../app/kpi-report.ts";
import { metricRow } from "../../report/build.ts";
import { kpiReport, scorecardReport } from "../../report/fixtures/reports.ts";
import { createTestStore, ENGINES } from "../../test-support/engines.ts";
import { buildTestServer, serverForSuite, TEST_PERIOD, type TestServer } from "../../test-support/server.ts";
import { metricBody, overviewBody } from "./pages.ts";

function fixtureMetric(id: string): MetricResult {
  const metric = kpiReport().metrics.find((m) => m.id === id);
  if (!metric) throw new Error(`no metric ${id} in the fixture`);
  return metric;
}

function page(metric: MetricResult, timezone = "UTC"): string {
  return metricBody(
    {
      row: metricRow(metric, "2026-09"),
      metric,
      definition: { description: "", sources: ["incidents-csv"], cadence_seconds: 86_400, direction: "down" },
      drill: { unavailable: "not in this test" },
      timezone,
    },
    "2026-09",
  );
}

describe("the metric page", () => {
  it("shows the median and p90 beside the mean", () => {
    // The fixture's mttd is a mean of 1500 s; say its median is 1200 s and its p90 1440 s.
    const html = page({ ...fixtureMetric("mttd"), median: 1200, p90: 1440 });
    expect(html).toContain("<span>mean 25 min</span><span>median 20 min</span><span>p90 24 min</span>");
  });

  it("shows no spread for a metric that is not a mean", () => {
    expect(page(fixtureMetric("incident_count"))).not.toContain("median");
  });

  it("says Owner once, and where the data ends and the last import in the configured zone", () => {
    // 2026-10-01T07:30Z is 16:30 in Tokyo; 2026-09-30T22:41Z is 07:41 on October 1st there.
    const html = page(
      {
        ...fixtureMetric("mttd"),
        last_import_at: Date.UTC(2026, 9, 1, 7, 30),
        data_end: Date.UTC(2026, 8, 30, 22, 41),
      },
      "Asia/Tokyo",
    );
    expect(html).toContain("<dt>Data ends</dt><dd>2026-10-01 07:41 Asia/Tokyo</dd>");
    expect(html).toContain("<dt>Owner</dt><dd>SOC | Detection team</dd>");
    expect(html).not.toContain("Owner: ");
    expect(html).toContain("<dt>Last import</dt><dd>2026-10-01 16:30 Asia/Tokyo</dd>");
  });
});

describe("the overview", () => {
  it("names each category's owner once under the Owner heading", () => {
    const html = overviewBody(scorecardReport());
    expect(html).toContain("<td>SOC | Detection team</td>");
    expect(html).not.toContain("Owner: ");
  });
});

describe("the category page", () => {
  let server: TestServer;
  serverForSuite((built) => {
    server = built;
  });

  it("is titled by the category's name, not its id", async () => {
    const response = await server.app.request(`/categories/detection_response?period=${TEST_PERIOD}`, {
      headers: { authorization: `Bearer ${server.tokens.viewer}`, accept: "text/html" },
    });
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(html).toContain("<title>Detection &amp; Response 2026-09 · secmetrics</title>");
    expect(html).toContain("<h1>Detection &amp; Response — 2026-09</h1>");
    expect(html).not.toContain("detection_response 2026-09");
  });
});
