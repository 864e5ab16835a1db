import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { trustCenterView } from "../app/trust-center.ts";
import { findMetric } from "../catalog/metrics.ts";
import type { MetricDefinition } from "../model/metric-definition.ts";
import { buildKpiReport, buildMetricResult } from "../test-support/metric-results.ts";
import { loadTestTrust } from "../test-support/trust.ts";
import { trustSiteFiles } from "./trust-site.ts";

const loaded = loadTestTrust();
const START = Date.parse("2026-09-01T00:00:00Z");
const END = Date.parse("2026-10-01T00:00:00Z");
const NOW = Date.parse("2026-10-02T08:00:00Z");
const report = buildKpiReport("2026-09", START, END, [
  buildMetricResult(findMetric("mttd") as MetricDefinition, ["2026-09"], { series: [300], dataEnd: END - 1 }),
  buildMetricResult(findMetric("security_txt_days_left") as MetricDefinition, ["2026-09"], {
    series: [121],
    stale: "the security.txt data ended more than 28 days before the period end",
  }),
]);
const files = trustSiteFiles(trustCenterView(loaded.trust, report, NOW), loaded, "UTC");
const text = (path: string) => {
  const file = files.find((f) => f.path === path);
  if (!file || !("text" in file)) throw new Error(`no ${path}`);
  return file.text;
};

describe("the static trust center", () => {
  it("holds the page, its stylesheet, security.txt and the public documents only", () => {
    expect(files.map((f) => f.path)).toEqual([
      "index.html",
      "trust.css",
      ".well-known/security.txt",
      "documents/security-overview/security-overview.md",
    ]);
    expect(files[3]).toEqual({
      path: "documents/security-overview/security-overview.md",
      copyOf: resolve(loaded.dir, "../documents/security-overview.md"),
    });
  });

  it("links relatively, so the site works from any folder, host or the disk", () => {
    const html = text("index.html");
    expect(html).toContain('<link rel="stylesheet" href="trust.css">');
    expect(html).toContain(
      '<a href="documents/security-overview/security-overview.md">Security overview</a>',
    );
    expect(html).toContain('<a href=".well-known/security.txt">security.txt</a>');
    expect(html).not.toMatch(/<script|style=/);
  });

  it("has landmarks, one h1 and a skip link", () => {
    const html = text("index.html");
    expect(html).toContain('<html lang="en">');
    expect(html.match(/<h1>/g)).toHaveLength(1);
    for (const landmark of [
      '<header class="site-header">',
      '<main id="content">',
      "<footer>",
      '<nav aria-label="Sections">',
    ])
      expect(html).toContain(landmark);
    expect(html).toContain('<a class="skip" href="#content">');
  });

  it("shows no NDA or private document, and no request form without a server to take it", () => {
    const html = text("index.html");
    for (const title of [
      "SOC 2 Type II report 2026",
      "Penetration test summary",
      "Risk committee minutes",
      "soc2-report.txt",
    ])
      expect(html).not.toContain(title);
    expect(html).toContain(
      '2 more documents are shared under NDA: ask <a href="mailto:security@example.com">security@example.com</a> for access.',
    );
    expect(html).not.toContain("<form");
  });

  it("shows the expired certification as expired and a stale figure as stale, without its last value", () => {
    const html = text("index.html");
    expect(html).toContain(
      '<th scope="row">ISO/IEC 27001:2013</th><td data-state="expired"><span class="badge badge-expired">Expired</span>',
    );
    expect(html).toMatch(
      /data-metric="mttd"><th scope="row">Mean time to detect a security incident<\/th><td><span class="figure">5 min<\/span>/,
    );
    const stale = /<tr data-metric="security_txt_days_left">.*?<\/tr>/.exec(html)?.[0];
    expect(stale).toContain("badge-stale");
    expect(stale).not.toContain("121");
  });

  it("escapes what the trust file says", () => {
    expect(text("index.html")).toContain("Example Payments &lt;Ltd&gt; trust center");
    expect(text("index.html")).not.toContain("<Ltd>");
  });

  it("prints without the navigation and the form, and shows where links go", () => {
    const print = text("trust.css").split("@media print")[1];
    expect(print).toContain(".site-header nav, .skip, form.request, .no-print { display: none !important; }");
    expect(print).toContain('a[href^="http"]::after { content: " (" attr(href) ")"');
  });
});
