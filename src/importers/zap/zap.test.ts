import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { ImportContext } from "../importer.ts";
import { detectZap, parseZap } from "./zap.ts";

const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url), "utf8");
const ctx = (file: string, extra: Partial<ImportContext> = {}): ImportContext => ({
  file,
  timezone: "UTC",
  ...extra,
});

describe("zap", () => {
  it("reads a site's alerts with risk code and instances (reports add-on test resource)", async () => {
    // By hand from fixtures/basic-traditional-json.json: one site
    // http://example.com, one alert XSS (pluginid/alertRef 1), riskcode 3 =
    // high, confidence 2, 2 instances, first uri http://example.com/example_3;
    // @generated "Thu, 17 Jun 2021 16:04:28" read as UTC.
    const [scan, ...rest] = await parseZap(fixture("basic-traditional-json.json"), ctx("zap.json"));
    expect(rest).toHaveLength(0);
    expect(scan?.scan).toMatchObject({
      tool: "zap",
      scan_type: "dast",
      target: "http://example.com",
      scanned_at: Date.UTC(2021, 5, 17, 16, 4, 28),
      complete: true,
    });
    expect(scan?.findings).toEqual([
      expect.objectContaining({
        identity: "http://example.com|1",
        vulnerability_id: "1",
        title: "XSS",
        severity: "high",
        category: "dast",
        location: "http://example.com/example_3",
        status: "open",
        attributes: { instances: "2", cwe: "CWE-123", confidence: "2" },
      }),
    ]);
  });

  it("reads @generated in the configured zone, prefers `created`, and maps every risk code", async () => {
    const doc = JSON.parse(fixture("basic-traditional-json.json"));
    const [paris] = await parseZap(JSON.stringify(doc), ctx("zap.json", { timezone: "Europe/Paris" }));
    expect(paris?.scan.scanned_at).toBe(Date.UTC(2021, 5, 17, 14, 4, 28));
    doc.created = "2026-02-25T11:09:49.007Z";
    const alert = doc.site[0].alerts[0];
    doc.site[0].alerts = ["0", "1", "2", "3", "4"].map((riskcode, i) => ({
      ...alert,
      alertRef: `r${i}`,
      riskcode,
    }));
    doc.site[0].alerts[0].confidence = "0";
    const [scan] = await parseZap(JSON.stringify(doc), ctx("zap.json"));
    expect(scan?.scan.scanned_at).toBe(Date.UTC(2026, 1, 25, 11, 9, 49, 7));
    expect(scan?.findings.map((f) => [f.severity, f.status])).toEqual([
      ["info", "false_positive"],
      ["low", "open"],
      ["medium", "open"],
      ["high", "open"],
      [null, "open"],
    ]);
    expect(scan?.problems).toEqual([
      { line: 1, reason: 'http://example.com: alert r4: riskcode "4" is not 0-3' },
    ]);
  });

  it("refuses a report with no time", async () => {
    const doc = JSON.parse(fixture("basic-traditional-json.json"));
    delete doc["@generated"];
    await expect(parseZap(JSON.stringify(doc), ctx("zap.json"))).rejects.toThrow(/does not say a scan time/);
  });

  it("detects ZAP reports", () => {
    expect(detectZap({ name: "z.json", head: fixture("basic-traditional-json.json") })).toBe(true);
    expect(detectZap({ name: "z.json", head: '{"results": []}' })).toBe(false);
  });
});
