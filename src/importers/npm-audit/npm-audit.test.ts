import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { ImportContext } from "../importer.ts";
import { detectNpmAudit, parseNpmAudit } from "./npm-audit.ts";

const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url), "utf8");
const ctx = (file: string, extra: Partial<ImportContext> = {}): ImportContext => ({
  file,
  timezone: "UTC",
  target: "shop-frontend",
  scannedAt: Date.UTC(2026, 2, 1),
  ...extra,
});

describe("npm-audit", () => {
  it("reads one finding per advisory object (all severity levels snapshot)", async () => {
    // By hand from fixtures/all-severity-levels.json: advisory objects in `via`:
    // handlebars 6, kind-of 1, lodash 2, mem 1, minimist 1, mixin-deep 1,
    // node-weakauras-parser 1, sapper 1, set-value 1, subtext 3 = 18; the
    // string-only entries (mkdirp, nyc, optimist, os-locale, union-value,
    // yargs) add none. Severities: critical 755, 1494 = 2; moderate 1300, 1504
    // = 2 (medium); low 1490, 1084, 1179 = 3; high the other 11. Direct
    // (isDirect): node-weakauras-parser 1 + sapper 1 + subtext 3 = 5.
    const [scan] = await parseNpmAudit(fixture("all-severity-levels.json"), ctx("audit.json"));
    expect(scan?.problems).toEqual([]);
    expect(scan?.findings).toHaveLength(18);
    const bySeverity: Record<string, number> = {};
    for (const f of scan?.findings ?? [])
      bySeverity[f.severity ?? "none"] = (bySeverity[f.severity ?? "none"] ?? 0) + 1;
    expect(bySeverity).toEqual({ critical: 2, high: 11, medium: 2, low: 3 });
    expect(scan?.findings.filter((f) => f.direct).length).toBe(5);
    expect(scan?.findings.find((f) => f.vulnerability_id === "npm:1300")).toMatchObject({
      package_name: "handlebars",
      severity: "medium",
      location: "node_modules/nyc/node_modules/handlebars",
      attributes: { url: "https://npmjs.com/advisories/1300" },
    });
    expect(scan?.scan).toMatchObject({ tool: "npm-audit", target: "shop-frontend", scan_type: "dependency" });
  });

  it("reads the package's own advisory, not the one it inherits (dep vuln snapshot)", async () => {
    // By hand: minimist has advisory 1179 (low); mkdirp has 42069 (high) plus
    // the string "minimist", which is minimist's own finding: 2 findings.
    const [scan] = await parseNpmAudit(fixture("dep-vuln-own-advisory.json"), ctx("audit.json"));
    expect(scan?.findings.map((f) => [f.package_name, f.vulnerability_id, f.severity, f.direct])).toEqual([
      ["minimist", "npm:1179", "low", false],
      ["mkdirp", "npm:42069", "high", true],
    ]);
  });

  it("accepts the older advisory objects with id and vulnerable_versions (hand-made edge case)", async () => {
    const [scan] = await parseNpmAudit(fixture("edge-legacy-advisory.json"), ctx("audit.json"));
    expect(scan?.findings).toEqual([
      expect.objectContaining({
        vulnerability_id: "GHSA-p6mc-m468-83gw",
        package_name: "lodash",
        fixed_version: "4.17.21",
        direct: true,
        attributes: { url: "https://github.com/advisories/GHSA-p6mc-m468-83gw", range: "<4.17.19" },
      }),
    ]);
  });

  it("refuses a report without target or time, a failed audit, and other versions", async () => {
    const text = fixture("dep-vuln-own-advisory.json");
    await expect(parseNpmAudit(text, { file: "a.json", timezone: "UTC" })).rejects.toThrow(
      /a\.json:1: this npm-audit output does not say a target .* or a scan time/,
    );
    await expect(
      parseNpmAudit('{"error": {"code": "ENOLOCK", "summary": "no lockfile"}}', ctx("e.json")),
    ).rejects.toThrow(/npm audit failed: no lockfile/);
    await expect(
      parseNpmAudit('{"auditReportVersion": 1, "advisories": {}}', ctx("v1.json")),
    ).rejects.toThrow(/only 2 is supported/);
  });

  it("detects npm audit reports", () => {
    expect(detectNpmAudit({ name: "a.json", head: fixture("dep-vuln-own-advisory.json") })).toBe(true);
    expect(detectNpmAudit({ name: "a.json", head: '{"SchemaVersion": 2}' })).toBe(false);
  });
});
