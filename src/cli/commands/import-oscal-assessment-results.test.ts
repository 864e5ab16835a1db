import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IMPORTER_FIXTURES, runCli } from "../../test-support/cli.ts";

const FIXTURES = join(IMPORTER_FIXTURES, "oscal-assessment-results/fixtures");

describe("secmetrics import of OSCAL assessment results", () => {
  let dir: string;
  const cli = (...args: string[]) =>
    runCli(join(dir, "store.db"), "--config", join(dir, "secmetrics.yaml"), ...args);

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "secmetrics-ar-"));
    writeFileSync(join(dir, "secmetrics.yaml"), "timezone: UTC\n");
    for (const name of ["FedRAMP-SAR-OSCAL-Template.json", "ifa_assessment-results-example.json"])
      copyFileSync(join(FIXTURES, name), join(dir, name));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("refuses FedRAMP's template whole (65), naming the finding that repeats a uuid, storing nothing; --skip-invalid imports the rest", async () => {
    const bad = await cli("import", join(dir, "FedRAMP-SAR-OSCAL-Template.json"));
    expect(bad.code).toBe(65);
    // grep -n '"uuid": "b56edab1' → lines 2010 and 2052: the second finding is the one refused.
    expect(bad.stderr).toContain(
      "FedRAMP-SAR-OSCAL-Template.json:2052: uuid b56edab1-8cdc-45f9-8589-35f1bd7b3348 is already used by another finding of this result",
    );
    expect(JSON.parse((await cli("imports", "--format", "json")).stdout)).toEqual([]);
    // --skip-invalid keeps the other 7 of its 8 findings.
    const skipped = await cli("import", "--skip-invalid", join(dir, "FedRAMP-SAR-OSCAL-Template.json"));
    expect(skipped.code).toBe(0);
    expect(skipped.stdout).toContain("imported 7 records");
  });

  it("detects NIST's example and counts its one open finding in the week it was made, idempotently", async () => {
    const file = join(dir, "ifa_assessment-results-example.json");
    const first = await cli("import", file);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("imported 1 records");
    expect(first.stdout).toContain("oscal-assessment-results");
    expect((await cli("import", file)).stdout).toContain("already imported");
    const kpis = JSON.parse((await cli("kpis", "--period", "2023-W22", "--format", "json")).stdout);
    const audit = kpis.metrics.find((m: { id: string }) => m.id === "audit_findings");
    // One not-satisfied finding, its result ended Friday 2023-06-02: open (in progress) at the end of
    // ISO week 22 (May 29 to June 4), within the register's expected 28 days.
    expect(audit.value).toBe(1);
  });
});
