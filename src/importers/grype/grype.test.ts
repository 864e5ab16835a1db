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
    expect(scan?.findings[1]?.identity).toBe(
      "user-input|CVE-1999-0002|pkg:deb/package-2|/foo/bar/somefile-2.txt",
    );
    expect(scan?.findings[0]?.identity).toBe(
      "user-input|CVE-1999-0001|rpm/package-1|/foo/bar/somefile-1.txt",
    );
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

  it("detects Grype reports", () => {
    expect(detectGrype({ name: "g.json", head: fixture("image.json") })).toBe(true);
    expect(detectGrype({ name: "g.json", head: '{"SchemaVersion": 2, "Results": []}' })).toBe(false);
  });
});
