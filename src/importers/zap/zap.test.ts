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
  it("reads each instance of a site's alerts as a finding (reports add-on test resource)", async () => {
    // By hand from fixtures/basic-traditional-json.json: one site
    // http://example.com, one alert XSS (pluginid/alertRef 1), riskcode 3 =
    // high, confidence 2, "count": "2" instances, both GET
    // http://example.com/example_3, param "Test Param", evidence
    // "Test <p>Evidence", differing only in their otherinfo; @generated
    // "Thu, 17 Jun 2021 16:04:28" read as UTC. This was one finding (the
    // alert) before; ZAP counts the instances, so two now, the repeat numbered.
    const [scan, ...rest] = await parseZap(fixture("basic-traditional-json.json"), ctx("zap.json"));
    expect(rest).toHaveLength(0);
    expect(scan?.scan).toMatchObject({
      tool: "zap",
      scan_type: "dast",
      target: "http://example.com",
      scanned_at: Date.UTC(2021, 5, 17, 16, 4, 28),
      complete: true,
    });
    // The evidence enters the identity as its digest:
    // echo -n 'Test <p>Evidence' | sha1sum → 4b03871fc8dadf894f5191f918907dadb8babcc3
    const identity =
      "http://example.com|1|3|GET|http://example.com/example_3|Test Param|4b03871fc8dadf894f5191f918907dadb8babcc3";
    const instance = {
      vulnerability_id: "1",
      title: "XSS",
      severity: "high",
      category: "dast",
      location: "http://example.com/example_3",
      status: "open",
      attributes: {
        method: "GET",
        param: "Test Param",
        evidence: "Test <p>Evidence",
        cwe: "CWE-123",
        confidence: "2",
      },
    };
    expect(scan?.findings).toEqual([
      expect.objectContaining({ identity, ...instance }),
      expect.objectContaining({ identity: `${identity}|2`, ...instance }),
    ]);
  });

  it("counts a real full scan the way ZAP's own report counts it (ZAP 2.16.1)", async () => {
    // ZAP's Markdown report of the same scan (report_md.md beside the JSON
    // in the origin repository) says 8 alerts: 1 medium, 2 low, 5
    // informational, and per alert 4+2+2+4+4+4+4+4 = 28 instances.
    //   jq '[.site[].alerts[].instances[]] | length' full-scan-2.16.1.json  → 28
    //   jq -c '[.site[].alerts[] | .riskcode as $r | .instances[] | $r] | group_by(.) | map([.[0], length])' → [["0",20],["1",4],["2",4]]
    // Four alerts share pluginid 90005 (Sec-Fetch-Dest/-Mode/-Site/-User,
    // alertRef 90005-1..4); before, 8 findings, one per alert.
    const [scan, ...rest] = await parseZap(fixture("full-scan-2.16.1.json"), ctx("zap.json"));
    expect(rest).toHaveLength(0);
    expect(scan?.scan).toMatchObject({
      target: "http://localhost:8080",
      scanned_at: Date.parse("2025-09-11T20:41:04.885Z"),
    });
    expect(scan?.problems).toEqual([]);
    const findings = scan?.findings ?? [];
    expect(new Set(findings.map((f) => f.identity)).size).toBe(28);
    const bySeverity = (severity: string) => findings.filter((f) => f.severity === severity).length;
    expect([bySeverity("medium"), bySeverity("low"), bySeverity("info")]).toEqual([4, 4, 20]);
    // jq '[.site[].alerts[] | select(.pluginid == "90005") | .instances[]] | length' → 16
    expect(findings.filter((f) => f.vulnerability_id.startsWith("90005-")).length).toBe(16);
  });

  it("keeps alerts that share an alertRef, and one alert at two risks, apart", async () => {
    // Edge case derived from the real report: the 10049-3 alert (4
    // instances, informational) again as "Non-Storable Content" under the
    // same alertRef 10049, as older ZAP versions wrote both, and once more
    // at riskcode 2. Hand count: 4 + 4 + 4 = 12 findings; the medium copy
    // stays medium (before, the last copy of identity target|10049 won: 1 finding).
    const doc = JSON.parse(fixture("full-scan-2.16.1.json"));
    const storable = doc.site[0].alerts.find((a: { alertRef: string }) => a.alertRef === "10049-3");
    const shared = { ...storable, alertRef: "10049" };
    doc.site[0].alerts = [
      shared,
      { ...shared, name: "Non-Storable Content", alert: "Non-Storable Content" },
      { ...shared, riskcode: "2" },
    ];
    const [scan] = await parseZap(JSON.stringify(doc), ctx("zap.json"));
    const findings = scan?.findings ?? [];
    expect(new Set(findings.map((f) => f.identity)).size).toBe(12);
    expect(findings.map((f) => f.severity)).toEqual([...Array(8).fill("info"), ...Array(4).fill("medium")]);
  });

  it("adds the alert's name to the plugin id when a report has no alertRef", async () => {
    // Reports before alertRef existed name alerts by pluginid only.
    const doc = JSON.parse(fixture("basic-traditional-json.json"));
    const alert = doc.site[0].alerts[0];
    delete alert.alertRef;
    alert.instances = alert.instances.slice(0, 1);
    doc.site[0].alerts = [alert, { ...alert, name: "XSS (Reflected)" }];
    const [scan] = await parseZap(JSON.stringify(doc), ctx("zap.json"));
    expect(scan?.findings.map((f) => f.identity.split("|").slice(1, 3))).toEqual([
      ["1", "XSS"],
      ["1", "XSS (Reflected)"],
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
      instances: alert.instances.slice(0, 1),
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
