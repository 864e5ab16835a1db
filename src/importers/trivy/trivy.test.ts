import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../../model/errors.ts";
import type { ImportContext } from "../importer.ts";
import { detectTrivy, parseTrivy, streamTrivy } from "./trivy.ts";

const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url), "utf8");
const ctx = (file: string, extra: Partial<ImportContext> = {}): ImportContext => ({
  file,
  timezone: "UTC",
  ...extra,
});

describe("trivy", () => {
  it("reads the vulnerabilities of an image scan (alpine-310 golden file)", async () => {
    // By hand from fixtures/alpine-310.json: one Result (os-pkgs, starting at
    // line 69) with 4 MEDIUM vulnerabilities: CVE-2019-1549 and CVE-2019-1551
    // in libcrypto1.1 and again in libssl1.1; CreatedAt 2021-08-25T12:20:30Z.
    const [scan, ...rest] = await parseTrivy(fixture("alpine-310.json"), ctx("alpine-310.json"));
    expect(rest).toHaveLength(0);
    expect(scan?.scan).toMatchObject({
      tool: "trivy",
      scan_type: "container",
      target: "testdata/fixtures/images/alpine-310.tar.gz",
      scanned_at: Date.UTC(2021, 7, 25, 12, 20, 30),
      complete: true,
    });
    expect(scan?.problems).toEqual([]);
    expect(
      scan?.findings.map((f) => [f.vulnerability_id, f.package_name, f.fixed_version, f.severity]),
    ).toEqual([
      ["CVE-2019-1549", "libcrypto1.1", "1.1.1d-r0", "medium"],
      ["CVE-2019-1551", "libcrypto1.1", "1.1.1d-r2", "medium"],
      ["CVE-2019-1549", "libssl1.1", "1.1.1d-r0", "medium"],
      ["CVE-2019-1551", "libssl1.1", "1.1.1d-r2", "medium"],
    ]);
    // The same CVE in two packages is two findings.
    expect(new Set(scan?.findings.map((f) => f.identity)).size).toBe(4);
    expect(scan?.findings[0]).toMatchObject({
      category: "container",
      package_version: "1.1.1c-r0",
      location: "testdata/fixtures/images/alpine-310.tar.gz (alpine 3.10.2)",
      line: 69,
      status: "open",
    });
  });

  it("counts a failing misconfiguration (dockerfile golden file)", async () => {
    // By hand: one Misconfigurations entry, DS-0002, HIGH, Status FAIL.
    const [scan] = await parseTrivy(fixture("dockerfile.json"), ctx("dockerfile.json"));
    expect(scan?.scan.scan_type).toBe("iac");
    expect(scan?.findings.map((f) => [f.vulnerability_id, f.severity, f.category, f.location])).toEqual([
      ["DS-0002", "high", "iac", "Dockerfile"],
    ]);
  });

  it("reads secrets (secrets golden file)", async () => {
    // By hand: two Secrets in deploy.sh: aws-access-key-id CRITICAL line 3, mysecret HIGH line 7.
    const [scan] = await parseTrivy(fixture("secrets.json"), ctx("secrets.json"));
    expect(scan?.scan).toMatchObject({ scan_type: "secret", target: "testdata/fixtures/repo/secrets" });
    expect(scan?.findings.map((f) => [f.vulnerability_id, f.severity, f.location])).toEqual([
      ["aws-access-key-id", "critical", "deploy.sh:3"],
      ["mysecret", "high", "deploy.sh:7"],
    ]);
  });

  it("keeps FAIL only, counts EXCEPTION apart, and never guesses a severity (hand-made edge case)", async () => {
    const [scan] = await parseTrivy(fixture("edge-misconfig-statuses.json"), ctx("edge.json"));
    expect(scan?.findings.map((f) => [f.vulnerability_id, f.severity, f.direct])).toEqual([
      ["AVD-AWS-0086", "high", null],
      ["CVE-2099-0001", null, true],
      ["CVE-2099-0002", null, false],
    ]);
    expect(scan?.suppressed).toBe(1);
    // Problems point at the line of their Result (17), where the stream knows its position.
    expect(scan?.problems).toEqual([{ line: 17, reason: 'unknown severity "SEVERE"' }]);
  });

  it("takes target and time from the flags when the file lacks them, and refuses otherwise", async () => {
    const bare = JSON.stringify({ SchemaVersion: 2, Results: [{ Target: "x", Class: "lang-pkgs" }] });
    await expect(parseTrivy(bare, ctx("bare.json"))).rejects.toThrow(
      /bare\.json:1: this trivy output does not say a target \(image, repository, host\) or a scan time/,
    );
    const [scan] = await parseTrivy(bare, ctx("bare.json", { target: "api", scannedAt: 1_000 }));
    expect(scan?.scan).toMatchObject({ target: "api", scanned_at: 1_000, complete: true });
  });

  it("marks a report without Results as incomplete, so it fixes nothing", async () => {
    const text = JSON.stringify({ SchemaVersion: 2, CreatedAt: "2026-01-01T00:00:00Z", ArtifactName: "img" });
    const [scan] = await parseTrivy(text, ctx("empty.json"));
    expect(scan?.scan.complete).toBe(false);
    expect(scan?.findings).toEqual([]);
  });

  it("rejects other schema versions, truncated and empty files", async () => {
    await expect(parseTrivy('{"SchemaVersion": 1, "Results": [{}]}', ctx("v1.json"))).rejects.toThrow(
      /only 2 is supported/,
    );
    await expect(parseTrivy(fixture("alpine-310.json").slice(0, 5000), ctx("cut.json"))).rejects.toThrow(
      InvalidInputError,
    );
    await expect(parseTrivy("  \n", ctx("blank.json"))).rejects.toThrow(/empty file/);
  });

  it("streams a large report with flat memory", async () => {
    // 40 000 vulnerabilities (~25 MB) generated on the fly, never held whole.
    const count = 40_000;
    const vuln = (i: number) =>
      JSON.stringify({
        VulnerabilityID: `CVE-2024-${i}`,
        PkgName: `pkg-${i % 500}`,
        InstalledVersion: "1.0.0",
        Severity: "HIGH",
        Description: "x".repeat(500),
      });
    async function* report() {
      yield '{"SchemaVersion": 2, "CreatedAt": "2026-01-01T00:00:00Z", "ArtifactName": "big", "Results": [';
      for (let r = 0; r < count / 1000; r++) {
        const vulns = Array.from({ length: 1000 }, (_, i) => vuln(r * 1000 + i)).join(",\n");
        yield `${r > 0 ? "," : ""}{"Target": "t${r}", "Class": "lang-pkgs", "Vulnerabilities": [${vulns}]}`;
      }
      yield "]}";
    }
    global.gc?.();
    const before = process.memoryUsage().heapUsed;
    let findings = 0;
    let peak = before;
    for await (const item of streamTrivy(Readable.from(report()), ctx("big.json"))) {
      if ("finding" in item) findings++;
      if (findings % 5000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
    }
    expect(findings).toBe(count);
    expect(peak - before).toBeLessThan(60 * 1024 * 1024);
  });

  it("detects Trivy reports and nothing else", () => {
    expect(detectTrivy({ name: "a.json", head: fixture("alpine-310.json").slice(0, 2000) })).toBe(true);
    expect(detectTrivy({ name: "a.json", head: '{"matches": []}' })).toBe(false);
  });
});
