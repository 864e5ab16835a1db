import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { ImportContext } from "../importer.ts";
import { detectOsvScanner, parseOsvScanner } from "./osv-scanner.ts";

const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url), "utf8");
const AT = Date.UTC(2026, 3, 1);
const ctx = (file: string, extra: Partial<ImportContext> = {}): ImportContext => ({
  file,
  timezone: "UTC",
  target: "monorepo",
  scannedAt: AT,
  ...extra,
});

describe("osv-scanner", () => {
  it("reads one finding per package and alias group (output test data)", async () => {
    // By hand from fixtures/results-a.json: go.mod has gogo/protobuf 1.3.1 with
    // group [GO-2021-0053] (no severity anywhere, fixed 1.3.2); Cargo.lock has
    // regex 1.5.1 with group [GHSA-m5pq-gvj9-9vr8, RUSTSEC-2022-0013] (GHSA
    // database_specific.severity HIGH, fixed 1.5.5): 2 findings, not 3.
    const [scan] = await parseOsvScanner(fixture("results-a.json"), ctx("osv.json"));
    expect(scan?.scan).toMatchObject({
      tool: "osv-scanner",
      target: "monorepo",
      scanned_at: AT,
      scan_type: "dependency",
    });
    expect(
      scan?.findings.map((f) => [
        f.vulnerability_id,
        f.package_name,
        f.package_version,
        f.severity,
        f.fixed_version,
        f.location,
      ]),
    ).toEqual([
      ["GO-2021-0053", "github.com/gogo/protobuf", "1.3.1", null, "1.3.2", "/path/to/go.mod"],
      ["GHSA-m5pq-gvj9-9vr8", "regex", "1.5.1", "high", "1.5.5", "/path/to/sub-rust-project/Cargo.lock"],
    ]);
    // The version joined the identity: without it two versions of a package in
    // one lockfile were one finding, where OSV-Scanner counts two.
    expect(scan?.findings[1]?.identity).toBe(
      "monorepo|GHSA-m5pq-gvj9-9vr8|crates.io/regex|1.5.1|/path/to/sub-rust-project/Cargo.lock",
    );
  });

  it("counts what OSV-Scanner's summary counts: per source, package version and alias group", async () => {
    // OSV-Scanner's "known vulnerabilities" add up, source by source, the groups
    // of each ecosystem:name:version (internal/output/output_result.go):
    // jq '[.results[] | .source.path as $s | .packages[] | {s: $s, e: .package.ecosystem,
    //   n: .package.name, v: .package.version} as $p | .groups[] | $p + {g: .ids}] | unique | length'
    const counts: [string, number][] = [
      ["results-a.json", 2],
      ["filter-some.json", 4],
      ["dojo-many-findings.json", 17],
    ];
    for (const [file, expected] of counts) {
      const [scan] = await parseOsvScanner(fixture(file), ctx(file));
      expect(scan?.findings, file).toHaveLength(expected);
      // Distinct identities: the store keeps as many findings as the parser yields.
      expect(new Set(scan?.findings.map((f) => f.identity)).size, file).toBe(expected);
      expect(scan?.problems, file).toEqual([]);
    }
  });

  it("keeps two versions of a package as two findings, and one version listed twice as one", async () => {
    // jq -c '.results[] | .source.path as $s | .packages[] | select(.package.name == "requests")
    //   | [$s, .package.version, [.groups[].ids]]' fixtures/dojo-many-findings.json:
    // requests 2.29.0 in /tmphumble/requirements.txt and 2.25.1 in
    // /tmprengine/web/requirements.txt, both GHSA-j8r2-6x86-q33q + PYSEC-2023-74.
    const file = "dojo-many-findings.json";
    const requests = (findings: { package_name: string | null; package_version: string | null }[]) =>
      findings.filter((f) => f.package_name === "requests").map((f) => f.package_version);
    const [scan] = await parseOsvScanner(fixture(file), ctx(file));
    expect(requests(scan?.findings ?? [])).toEqual(["2.29.0", "2.25.1"]);
    // Both versions in one lockfile: still two upgrades, two findings.
    const doc = JSON.parse(fixture(file));
    const [humble, rengineWeb] = [2, 4].map((i) => doc.results[i]);
    humble.packages.push(
      ...rengineWeb.packages.filter((p: { package: { name: string } }) => p.package.name === "requests"),
    );
    rengineWeb.packages = rengineWeb.packages.filter(
      (p: { package: { name: string } }) => p.package.name !== "requests",
    );
    const [oneLockfile] = await parseOsvScanner(JSON.stringify(doc), ctx(file));
    expect(requests(oneLockfile?.findings ?? [])).toEqual(["2.29.0", "2.25.1"]);
    // Moving a package leaves the count above (17), each with its own identity.
    expect(new Set(oneLockfile?.findings.map((f) => f.identity)).size).toBe(17);
    // The same version twice in one source (an image's binary packages of one
    // source package): OSV-Scanner shows it once.
    humble.packages.push(humble.packages[0]);
    const [twice] = await parseOsvScanner(JSON.stringify(doc), ctx(file));
    expect(requests(twice?.findings ?? [])).toEqual(["2.29.0", "2.25.1"]);
  });

  it("maps GHSA words, keeps unrated entries unrated (filter test data)", async () => {
    // By hand from fixtures/filter-some.json: chromium CVE-2024-3847 (max_severity "",
    // no word: unrated); golang.org/x/net group GHSA-vvpx + GO-2023-1571 (HIGH);
    // ascii GHSA-mrrw (MODERATE); time group GHSA-wcg3 + RUSTSEC-2020-0071 (MODERATE).
    const [scan] = await parseOsvScanner(fixture("filter-some.json"), ctx("osv.json"));
    expect(scan?.findings.map((f) => [f.vulnerability_id, f.severity])).toEqual([
      ["CVE-2024-3847", null],
      ["GHSA-vvpx-j8f3-3w6h", "high"],
      ["GHSA-mrrw-grhq-86gf", "medium"],
      ["GHSA-wcg3-cvx6-7396", "medium"],
    ]);
    expect(scan?.problems).toEqual([]);
  });

  it("prefers max_severity (a CVSS score) when OSV-Scanner computed it", async () => {
    const doc = JSON.parse(fixture("results-a.json"));
    doc.results[0].packages[0].groups[0].max_severity = "7.5";
    const [scan] = await parseOsvScanner(JSON.stringify(doc), ctx("osv.json"));
    expect(scan?.findings[0]?.severity).toBe("high");
  });

  it("refuses without --target and --scanned-at, since the report names neither", async () => {
    await expect(
      parseOsvScanner(fixture("results-a.json"), { file: "osv.json", timezone: "UTC" }),
    ).rejects.toThrow(/osv\.json:1: this osv-scanner output does not say a target .* or a scan time/);
  });

  it("detects OSV-Scanner results", () => {
    expect(detectOsvScanner({ name: "o.json", head: fixture("results-a.json") })).toBe(true);
    expect(detectOsvScanner({ name: "o.json", head: '{"matches": []}' })).toBe(false);
  });
});
