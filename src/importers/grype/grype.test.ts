import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { ImportContext } from "../importer.ts";
import { detectGrype, parseGrype } from "./grype.ts";

const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url), "utf8");
const ctx = (file: string, extra: Partial<ImportContext> = {}): ImportContext => ({
  file,
  timezone: "UTC",
  ...extra,
});
const AT = Date.UTC(2026, 1, 2, 3, 4, 5);

describe("grype", () => {
  it("reads the matches of an image scan (presenter snapshot)", async () => {
    // By hand from fixtures/image.json: 2 matches. CVE-1999-0001 "Low" on rpm
    // package-1 1.1.1, fix state "fixed", first version 1.2.1, no purl;
    // CVE-1999-0002 "Critical" on deb package-2 2.2.2, no fix. Target
    // source.target.userInput = "user-input"; descriptor.timestamp is blank in
    // the snapshot, so the time comes from --scanned-at.
    const [scan] = await parseGrype(fixture("image.json"), ctx("image.json", { scannedAt: AT }));
    expect(scan?.scan).toMatchObject({
      tool: "grype",
      scan_type: "container",
      target: "user-input",
      scanned_at: AT,
    });
    expect(
      scan?.findings.map((f) => [
        f.vulnerability_id,
        f.severity,
        f.package_name,
        f.package_version,
        f.fixed_version,
        f.location,
      ]),
    ).toEqual([
      ["CVE-1999-0001", "low", "package-1", "1.1.1", "1.2.1", "/foo/bar/somefile-1.txt"],
      ["CVE-1999-0002", "critical", "package-2", "2.2.2", null, "/foo/bar/somefile-2.txt"],
    ]);
    // The identity used to end with the location instead of the version, which
    // merged two installed versions of a package and split one version found
    // at two paths: it is now target | id | package | version.
    expect(scan?.findings[1]?.identity).toBe("user-input|CVE-1999-0002|pkg:deb/package-2|2.2.2");
    expect(scan?.findings[0]?.identity).toBe("user-input|CVE-1999-0001|rpm/package-1|1.1.1");
    expect(scan?.findings[0]?.attributes.locations).toBe("/foo/bar/somefile-1.txt");
  });

  it("takes a directory target and refuses when the time is unknown", async () => {
    // fixtures/dir.json: source.type "directory", target "/some/path", blank timestamp.
    await expect(parseGrype(fixture("dir.json"), ctx("dir.json"))).rejects.toThrow(
      /dir\.json:1: this grype output does not say a scan time/,
    );
    const [scan] = await parseGrype(fixture("dir.json"), ctx("dir.json", { scannedAt: AT }));
    expect(scan?.scan).toMatchObject({ scan_type: "dependency", target: "/some/path" });
    expect(scan?.findings).toHaveLength(2);
  });

  it("uses descriptor.timestamp when present and keeps Negligible/Unknown apart from errors", async () => {
    const doc = JSON.parse(fixture("image.json"));
    doc.descriptor.timestamp = "2026-02-02T03:04:05Z";
    doc.matches[0].vulnerability.severity = "Negligible";
    doc.matches[1].vulnerability.severity = "Unknown";
    const [scan] = await parseGrype(JSON.stringify(doc), ctx("t.json"));
    expect(scan?.scan.scanned_at).toBe(AT);
    expect(scan?.findings.map((f) => f.severity)).toEqual(["info", null]);
    doc.matches[0].vulnerability.severity = "Bad";
    const [bad] = await parseGrype(JSON.stringify(doc), ctx("t.json"));
    expect(bad?.problems).toEqual([{ line: 1, reason: 'unknown severity "Bad"' }]);
  });

  it("counts one finding per vulnerability, package and version, as Grype's table does", async () => {
    // Grype's table presenter drops rows equal in package, version, type,
    // vulnerability and severity, so this is the count it shows:
    // jq '[.matches[] | {v: .vulnerability.id, p: .artifact.name, ver: .artifact.version}] | unique | length'
    const counts: [string, number][] = [
      ["dojo-0.28-image.json", 5], // 6 matches; the Django GHSA-v6rh-hp5x-86rv match is written twice
      ["dojo-0.36-two-paths.json", 1], // 2 matches: libc6 2.28-10 under /lib and /usr/lib
      ["dojo-0.96-two-versions.json", 8], // 8 matches, all distinct (avro 1.11.1 and 1.9.2 among them)
    ];
    for (const [file, expected] of counts) {
      const [scan] = await parseGrype(fixture(file), ctx(file, { scannedAt: AT }));
      expect(scan?.findings, file).toHaveLength(expected);
      // Distinct identities: the store keeps as many findings as the parser yields.
      expect(new Set(scan?.findings.map((f) => f.identity)).size, file).toBe(expected);
      expect(scan?.problems, file).toEqual([]);
    }
  });

  it("keeps one version seen at two paths as one finding with both locations", async () => {
    // jq -c '.matches[] | [.vulnerability.id, .artifact.version, .artifact.locations[].path]'
    // fixtures/dojo-0.36-two-paths.json: CVE-2021-33574 on libc6 2.28-10 at
    // /usr/lib/x86_64-linux-gnu/libc.so.6, then at /lib/x86_64-linux-gnu/libc.so.6.
    const [scan] = await parseGrype(fixture("dojo-0.36-two-paths.json"), ctx("g.json", { scannedAt: AT }));
    expect(scan?.findings).toHaveLength(1);
    expect(scan?.findings[0]).toMatchObject({
      identity: "test-image:latest|CVE-2021-33574|pkg:deb/debian/libc6|2.28-10",
      severity: "critical",
      location: "/usr/lib/x86_64-linux-gnu/libc.so.6",
      attributes: { locations: "/usr/lib/x86_64-linux-gnu/libc.so.6,/lib/x86_64-linux-gnu/libc.so.6" },
    });
  });

  it("keeps two installed versions of one package as two findings", async () => {
    // jq -c '.matches[] | select(.artifact.name == "avro") | [.vulnerability.id, .artifact.version, .artifact.locations[0].path]'
    // fixtures/dojo-0.96-two-versions.json: CVE-2023-39410 on avro 1.11.1
    // (/opt/kafka/plugins/apicurio/avro-1.11.1.jar) and on avro 1.9.2
    // (/opt/kafka/libs/avro/avro-1.9.2.jar), both fixed in 1.11.3.
    const [scan] = await parseGrype(fixture("dojo-0.96-two-versions.json"), ctx("g.json"));
    expect(scan?.scan.scanned_at).toBe(Date.parse("2024-02-22T18:46:26.372Z"));
    const avro = scan?.findings.filter((f) => f.package_name === "avro");
    expect(avro?.map((f) => [f.vulnerability_id, f.package_version, f.fixed_version])).toEqual([
      ["CVE-2023-39410", "1.11.1", "1.11.3"],
      ["CVE-2023-39410", "1.9.2", "1.11.3"],
    ]);
    // The same two versions in one place (a single lockfile) stay two as well.
    const doc = JSON.parse(fixture("dojo-0.96-two-versions.json"));
    for (const match of doc.matches) match.artifact.locations = [{ path: "/app/pom.xml" }];
    const [moved] = await parseGrype(JSON.stringify(doc), ctx("g.json"));
    expect(moved?.findings.filter((f) => f.package_name === "avro")).toHaveLength(2);
  });

  it("detects Grype reports", () => {
    expect(detectGrype({ name: "g.json", head: fixture("image.json") })).toBe(true);
    expect(detectGrype({ name: "g.json", head: '{"SchemaVersion": 2, "Results": []}' })).toBe(false);
  });
});
