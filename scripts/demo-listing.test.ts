import { describe, expect, it } from "vitest";
import { formatDemoListing, parseDemoListing } from "./demo-listing.ts";

describe("the demo listing", () => {
  const printed = formatDemoListing({
    files: ["/d/incidents.csv", "/d/exceptions/exceptions-2026-01.yaml", "/d/appsec/security-controls.yaml"],
    config: "/d/secmetrics.yaml",
    registries: [{ folder: "/d/web3/deployments-2026-08", scannedAt: "2026-08-31T23:30:00Z" }],
    pulls: [{ file: "/d/web3/safes-2026-08.json", scannedAt: "2026-08-31T22:00:00Z" }],
  });

  it("prints the files then the config on stdout, each timed import on stderr", () => {
    expect(printed).toEqual({
      stdout: [
        "/d/incidents.csv",
        "/d/exceptions/exceptions-2026-01.yaml",
        "/d/appsec/security-controls.yaml",
        "/d/secmetrics.yaml",
      ],
      stderr: [
        "registry snapshot (import with --scanned-at 2026-08-31T23:30:00Z): /d/web3/deployments-2026-08",
        "API pull (import with --scanned-at 2026-08-31T22:00:00Z): /d/web3/safes-2026-08.json",
      ],
    });
  });

  it("reads back the config, not the YAML data files before it, and every timed import", () => {
    const stderr = ["(node:1) ExperimentalWarning: a line that is not a listing", ...printed.stderr];
    expect(parseDemoListing(`${printed.stdout.join("\n")}\n`, stderr.join("\n"))).toEqual({
      files: [
        "/d/incidents.csv",
        "/d/exceptions/exceptions-2026-01.yaml",
        "/d/appsec/security-controls.yaml",
      ],
      config: "/d/secmetrics.yaml",
      timed: [
        { path: "/d/web3/deployments-2026-08", scannedAt: "2026-08-31T23:30:00Z" },
        { path: "/d/web3/safes-2026-08.json", scannedAt: "2026-08-31T22:00:00Z" },
      ],
    });
  });

  it("refuses a listing without a config", () => {
    expect(() => parseDemoListing("/d/incidents.csv\n", "")).toThrow(/printed no secmetrics\.yaml/);
  });
});
