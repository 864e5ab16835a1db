import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { ImportContext } from "../importer.ts";
import { detectSarif, parseSarif } from "./sarif.ts";

const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url), "utf8");
const AT = Date.UTC(2026, 2, 3);
const ctx = (file: string, extra: Partial<ImportContext> = {}): ImportContext => ({
  file,
  timezone: "UTC",
  ...extra,
});

describe("sarif", () => {
  it("reads a Trivy SARIF log as dependency scanning, told apart without fingerprints", async () => {
    // By hand from fixtures/trivy-alpine-310.sarif: tool "Trivy", 4 results
    // (CVE-2019-1549 and CVE-2019-1551, each for libcrypto1.1 and libssl1.1),
    // all at alpine-310.tar.gz:1, no fingerprints; rules' security-severity
    // 5.3 = medium; run.properties.imageName names the target; no invocation
    // time, so --scanned-at.
    const [scan] = await parseSarif(fixture("trivy-alpine-310.sarif"), ctx("t.sarif", { scannedAt: AT }));
    expect(scan?.scan).toMatchObject({
      tool: "trivy",
      scan_type: "dependency",
      target: "testdata/fixtures/images/alpine-310.tar.gz",
      scanned_at: AT,
      complete: true,
    });
    expect(scan?.findings.map((f) => [f.vulnerability_id, f.severity, f.location])).toEqual([
      ["CVE-2019-1549", "medium", "testdata/fixtures/images/alpine-310.tar.gz:1"],
      ["CVE-2019-1551", "medium", "testdata/fixtures/images/alpine-310.tar.gz:1"],
      ["CVE-2019-1549", "medium", "testdata/fixtures/images/alpine-310.tar.gz:1"],
      ["CVE-2019-1551", "medium", "testdata/fixtures/images/alpine-310.tar.gz:1"],
    ]);
    // Same rule, same location, two packages: the message keeps them apart.
    expect(new Set(scan?.findings.map((f) => f.identity)).size).toBe(4);
  });

  it("prefers security-severity over the level (Grype SARIF snapshot)", async () => {
    // By hand: rule CVE-1999-0001-package-1 has security-severity 8.2 (high)
    // though the result level is "note"; CVE-1999-0002-package-2 8.5 (high).
    // Both results carry partialFingerprints.primaryLocationLineHash.
    const [scan] = await parseSarif(
      fixture("grype-image.sarif"),
      ctx("g.sarif", { target: "img", scannedAt: AT }),
    );
    expect(scan?.scan).toMatchObject({ tool: "grype", scan_type: "dependency", target: "img" });
    expect(scan?.findings.map((f) => [f.vulnerability_id, f.severity])).toEqual([
      ["CVE-1999-0001-package-1", "high"],
      ["CVE-1999-0002-package-2", "high"],
    ]);
    // Rule + file + primaryLocationLineHash, as GitHub code scanning matches
    // alerts (the file was left out before, so identical lines in two files
    // were one finding).
    expect(scan?.findings[0]?.identity).toBe(
      "img|CVE-1999-0001-package-1|user-input/somefile-1.txt|efe125c0a2b4bdafe476b69ba51a49734780c62b93803950319056acebe4323f:1",
    );
  });

  it("takes the level from the result, else the rule default, else warning (GitHub docs example)", async () => {
    // By hand: result 1 has no level, rule 0 defaults to "note" (low);
    // result 2 has no level and rule 1 no default: "warning" (medium);
    // result 3 says "error" (high). Rule ids are hashes and R01: SAST.
    const [scan] = await parseSarif(
      fixture("github-docs-all-properties.sarif"),
      ctx("d.sarif", { target: "repo", scannedAt: AT }),
    );
    // automationDetails.id "my-category/": GitHub's category "my-category"
    // now belongs to the tool, so analyses of two categories stay apart.
    expect(scan?.scan).toMatchObject({ tool: "tool name my-category", scan_type: "sast" });
    expect(scan?.findings.map((f) => [f.title, f.severity, f.location])).toEqual([
      ["Unused variable, import, function or class", "low", "main.js:2"],
      ["Inconsistent use of 'new'", "medium", "src/promises.js:2"],
      [
        "Specifying both [ruleIndex](1) and [ruleID](2) might lead to inconsistencies.",
        "high",
        "full.sarif:54",
      ],
    ]);
  });

  it("counts fail only, keeps suppressed results as suppressed, and marks a failed run incomplete (hand-made edge case)", async () => {
    // Run 1 (CodeQL): 7 results. a: fail, with fingerprints and
    // partialFingerprints (identity from primaryLocationLineHash, the one
    // GitHub code scanning uses, no longer from fingerprints); b: suppression
    // inSource with status absent = accepted; c: suppression under review,
    // still open; d: kind pass and e: kind review, skipped; f: fail, level
    // from rule default note; g: accepted external suppression, justification
    // "test code". Findings a, b, c, f, g, of which b and g suppressed (they
    // were only a counter of 2 before: now they are findings the KPIs set
    // apart). Run 2: ZAP, DAST, executionSuccessful false and no results:
    // incomplete, no findings.
    const [codeql, zap] = await parseSarif(fixture("edge-kinds-suppressions.sarif"), ctx("e.sarif"));
    expect(codeql?.scan).toMatchObject({
      tool: "codeql",
      scan_type: "sast",
      target: "https://github.com/octo-org/shop",
      scanned_at: Date.UTC(2026, 2, 2, 9, 15),
      complete: true,
    });
    expect(codeql?.findings.map((f) => [f.location, f.severity, f.status, f.status_reason])).toEqual([
      ["src/db.js:10", "high", "open", null],
      ["src/db.js:20", "high", "suppressed", "inSource suppression"],
      ["src/db.js:30", "high", "open", null],
      ["src/app.js:3", "low", "open", null],
      ["src/app.js:4", "medium", "suppressed", "test code"],
    ]);
    expect(codeql?.findings[0]?.identity).toBe(
      "https://github.com/octo-org/shop|js/sql-injection|src/db.js|zzz",
    );
    // No fingerprint: rule + file + region (startLine 3, SARIF's default start
    // column 1 and end line 3, no end column).
    expect(codeql?.findings[3]?.identity).toBe(
      "https://github.com/octo-org/shop|js/unused-local-variable|src/app.js|3:1-3:",
    );
    expect(codeql?.suppressed).toBe(0);
    expect(zap?.scan).toMatchObject({ tool: "owasp zap", scan_type: "dast", complete: false });
    expect(zap?.findings).toEqual([]);
  });

  it("keeps identical lines in two files apart (CodeQL 2.5.4 via DefectDojo)", async () => {
    // jq '[.runs[].results[]] | length' codeql-python-2.5.4.sarif → 72, none
    // with a kind other than fail or a suppression, so 72 findings.
    // jq '[.runs[].results[] | [.ruleId, .partialFingerprints.primaryLocationLineHash]] | unique | length' → 56:
    // good/ and bad/ copies of a file share line hashes (py/empty-except
    // 9cbc869fbfffeb60:1 at good/db_init.py:39 and bad/db_init.py:40), which
    // is why rule + hash alone read 56. With the file,
    // jq '[.runs[].results[] | [.ruleId, .locations[0].physicalLocation.artifactLocation.uri, .partialFingerprints.primaryLocationLineHash]] | unique | length' → 72.
    const [scan] = await parseSarif(
      fixture("codeql-python-2.5.4.sarif"),
      ctx("c.sarif", { target: "repo", scannedAt: AT }),
    );
    expect(scan?.scan).toMatchObject({ tool: "codeql", scan_type: "sast" });
    expect(scan?.findings).toHaveLength(72);
    expect(new Set(scan?.findings.map((f) => f.identity)).size).toBe(72);
    const emptyExcept = scan?.findings.filter((f) => f.identity.endsWith("|9cbc869fbfffeb60:1"));
    expect(emptyExcept?.map((f) => f.location)).toEqual(["good/db_init.py:39", "bad/db_init.py:40"]);
  });

  it("keeps a nosemgrep result as a suppressed finding (Semgrep's own SARIF snapshot)", async () => {
    // jq '[.runs[].results[]] | length' semgrep-nosemgrep.sarif → 2, both
    // kind fail (absent); jq '[.runs[].results[] | select(any(.suppressions[]?;
    // .status == null or .status == "accepted"))] | length' → 1 (the line
    // with "# nosemgrep": kind inSource, no status, so accepted).
    const [scan] = await parseSarif(
      fixture("semgrep-nosemgrep.sarif"),
      ctx("s.sarif", { target: "repo", scannedAt: AT }),
    );
    expect(scan?.scan).toMatchObject({ tool: "semgrep oss", scan_type: "sast", complete: true });
    // No primaryLocationLineHash: rule + file + region, by hand from the
    // regions 1:1-1:30 and 3:1-3:28.
    expect(scan?.findings.map((f) => [f.identity, f.severity, f.status, f.status_reason])).toEqual([
      [
        "repo|rules.detected-aws-account-id|targets/basic/regex-nosemgrep.txt|1:1-1:30",
        "high",
        "suppressed",
        "inSource suppression",
      ],
      ["repo|rules.detected-aws-account-id|targets/basic/regex-nosemgrep.txt|3:1-3:28", "high", "open", null],
    ]);
  });

  it("keeps a tool's analyses of two categories apart (hand-made edge case)", async () => {
    // Three CodeQL runs of one repository at one instant, as codeql-action
    // uploads one per language: automationDetails.id "/language:javascript/"
    // (category "/language:javascript"), "/language:python/" (an empty, complete
    // run that must not fix the JavaScript finding), and "nightly-2026-03-02"
    // (no "/": a run id, no category). Three tools, so three scans.
    const scans = await parseSarif(fixture("edge-categories.sarif"), ctx("k.sarif"));
    expect(scans.map((s) => [s.scan.tool, s.findings.length])).toEqual([
      ["codeql /language:javascript", 1],
      ["codeql /language:python", 0],
      ["codeql", 0],
    ]);
    expect(new Set(scans.map((s) => s.scan.external_id)).size).toBe(3);
  });

  it("accepts any $schema, checks the version, and refuses a run with no target", async () => {
    await expect(parseSarif('{"version": "2.0.0", "runs": []}', ctx("old.sarif"))).rejects.toThrow(
      /only 2\.1\.0/,
    );
    await expect(parseSarif(fixture("github-docs-all-properties.sarif"), ctx("d.sarif"))).rejects.toThrow(
      /d\.sarif:1: this tool name my-category output does not say a target .* or a scan time/,
    );
  });

  it("detects SARIF", () => {
    expect(detectSarif({ name: "x.sarif", head: fixture("grype-image.sarif") })).toBe(true);
    expect(detectSarif({ name: "x.json", head: '{"SchemaVersion": 2}' })).toBe(false);
  });
});
