import { describe, expect, it } from "vitest";
import { artifactPath, regionOf } from "./sarif-location.ts";

const at = (artifactLocation: object, region: object = {}) => ({
  locations: [{ physicalLocation: { artifactLocation, region } }],
});

describe("artifactPath", () => {
  it("prefixes a relative base and leaves out the absolute root (GitHub docs' relative URI example)", () => {
    // From GitHub's "Relative URI Guidance for SARIF Producers": %SRCROOT% is
    // "src/" below PROJECTROOT, file:///C:/Users/Mary/code/TheProject/.
    const run = {
      originalUriBaseIds: {
        PROJECTROOT: { uri: "file:///C:/Users/Mary/code/TheProject/" },
        "%SRCROOT%": { uri: "src/", uriBaseId: "PROJECTROOT" },
      },
    };
    expect(artifactPath(run, at({ uri: "fileURI", uriBaseId: "%SRCROOT%" }))).toBe("src/fileURI");
  });

  it("makes an absolute URI relative to a root or the working directory, as GitHub does", () => {
    const run = { invocations: [{ workingDirectory: { uri: "file:///github/workspace" } }] };
    expect(artifactPath(run, at({ uri: "file:///github/workspace/src/main.go" }))).toBe("src/main.go");
    expect(artifactPath(run, at({ uri: "file:///tmp/go-build/tmp.go" }))).toBe("file:///tmp/go-build/tmp.go");
  });

  it("reads the artifact an index points to, and keeps an undefined base's URI as it is", () => {
    const run = { artifacts: [{ location: { uri: "app/x.py", uriBaseId: "%SRCROOT%" } }] };
    expect(artifactPath(run, at({ index: 0 }))).toBe("app/x.py");
    expect(artifactPath({}, at({ uri: "a.js", uriBaseId: "%SRCROOT%" }))).toBe("a.js");
    expect(artifactPath({}, {})).toBeNull();
  });
});

describe("regionOf", () => {
  it("fills in SARIF's defaults so one region has one spelling", () => {
    expect(regionOf(at({}, { startLine: 3 }))).toBe(
      regionOf(at({}, { startLine: 3, startColumn: 1, endLine: 3 })),
    );
    expect(regionOf(at({}, { startLine: 54, startColumn: 10, endLine: 55, endColumn: 25 }))).toBe(
      "54:10-55:25",
    );
  });
});
