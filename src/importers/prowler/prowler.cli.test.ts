import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../test-support/cli.ts";

const FIXTURES = new URL("fixtures/", import.meta.url);

/**
 * The hand-made CIS 3.0 compliance CSV of 2024-07-10 06:00:05, with CIS
 * Level 1 made a baseline tier and severities giving none (the compliance
 * CSV carries no severity). By hand, July 2024:
 * - analyzer/unknown (eu-west-1): accessanalyzer_enabled Level 1 FAIL → not healthy;
 * - analyzer/a1 (us-east-1): accessanalyzer_enabled Level 1 PASS → healthy;
 * - trail/main: cloudtrail_multi_region_enabled Level 1 PASS (3.1 and 3.5),
 *   cloudtrail_kms_encryption_enabled Level 2 FAIL (no tier: not baseline) → healthy.
 * controls_health = 2 of 3 assets = 66.67 %.
 */
describe("secmetrics import of Prowler outputs", () => {
  let dir: string;
  let db: string;
  let config: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "secmetrics-prowler-"));
    db = join(dir, "store.db");
    config = join(dir, "secmetrics.yaml");
    writeFileSync(config, 'compliance_checks:\n  severity_tiers: {}\n  profile_tiers:\n    "Level 1": 1\n');
    copyFileSync(new URL("hand-made_cis_3.0_aws.csv", FIXTURES), join(dir, "prowler_cis_3.0_aws.csv"));
    copyFileSync(new URL("prowler-4.2-aws.ocsf.json", FIXTURES), join(dir, "prowler.ocsf.json"));
    writeFileSync(
      join(dir, "bad_cis_3.0_aws.csv"),
      "PROVIDER;ACCOUNTID;ASSESSMENTDATE;REQUIREMENTS_ID;STATUS;RESOURCEID;CHECKID\n" +
        "aws;1;2024-08-01T00:00:00;1.20;PASS;r;accessanalyzer_enabled\n" +
        "aws;1;2024-08-01T00:00:00;1.21;BROKEN;r;iam_check\n",
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const cli = (...args: string[]) => runCli(db, "--config", config, ...args);

  it("detects each output, imports idempotently, and tiers CIS levels by profile", async () => {
    const first = await cli("import", "--no-progress", join(dir, "prowler_cis_3.0_aws.csv"));
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("imported 4 records");
    expect(first.stdout).toContain("prowler-compliance-csv");
    const ocsf = await cli("import", "--no-progress", join(dir, "prowler.ocsf.json"));
    expect(ocsf.stdout).toContain("imported 3 records");
    expect(ocsf.stdout).toContain("prowler-ocsf");
    const again = await cli("import", "--no-progress", join(dir, "prowler_cis_3.0_aws.csv"));
    expect(again.stdout).toContain("already imported");

    const kpis = await cli("kpis", "--period", "2024-07", "--format", "json");
    const health = JSON.parse(kpis.stdout).metrics.find((m: { id: string }) => m.id === "controls_health");
    expect(health.value).toBeCloseTo(66.67, 1);
  });

  it("refuses a file with a bad row, naming file, line and reason, and leaves the store unchanged", async () => {
    const before = JSON.parse((await cli("imports", "--format", "json")).stdout);
    const bad = await cli("import", "--no-progress", join(dir, "bad_cis_3.0_aws.csv"));
    expect(bad.code).toBe(65);
    expect(bad.stderr).toContain(
      'bad_cis_3.0_aws.csv:3: STATUS: status "BROKEN" is not a Prowler status (PASS, FAIL, MANUAL, INFO or MUTED)',
    );
    expect(JSON.parse((await cli("imports", "--format", "json")).stdout)).toEqual(before);
  });
});
