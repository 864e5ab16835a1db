import { createReadStream, readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import type { CheckResult } from "../../domains/compliance-checks/records.ts";
import { InvalidInputError } from "../../model/errors.ts";
import type { ImportContext, RecordItem } from "../importer.ts";
import { detectImporter } from "../registry.ts";
import { asffImporter, detectAsff, requirementsByFramework } from "./asff.ts";

const path = (name: string) => new URL(`fixtures/${name}`, import.meta.url);
const ctx = (extra: Partial<ImportContext> = {}): ImportContext => ({
  file: "findings.json",
  timezone: "UTC",
  ...extra,
});

async function items(input: Readable, context = ctx()): Promise<RecordItem<CheckResult>[]> {
  const found: RecordItem<CheckResult>[] = [];
  for await (const item of asffImporter.parse(input, context)) found.push(item as RecordItem<CheckResult>);
  return found;
}

const fixture = (name: string) => items(createReadStream(path(name)));
const recordsOf = (found: RecordItem<CheckResult>[]) =>
  found.flatMap((item) => ("record" in item ? [item.record] : []));

async function records(name: string): Promise<CheckResult[]> {
  const found = await fixture(name);
  expect(found.filter((item) => !("record" in item))).toEqual([]);
  return recordsOf(found);
}

/** How many results of each value per asset: `asset result` → count. */
function tally(found: CheckResult[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of found) counts[`${r.asset} ${r.result}`] = (counts[`${r.asset} ${r.result}`] ?? 0) + 1;
  return counts;
}

const json = (value: unknown) => Readable.from([JSON.stringify(value, null, 2)]);

describe("asff", () => {
  it("reads a Security Hub export of FSBP control findings (`findings` key)", async () => {
    // jq -r '.findings[] | "\(.Resources[].Id) \(.Compliance.Status)"' | sort | uniq -c
    // → 3 "AWS::::Account:012345678912 PASSED"; ControlIds IAM.5, SSM.2, ELBv2.1, all INFORMATIONAL.
    const found = await records("securityhub-config_many_findings.json");
    expect(tally(found)).toEqual({ "AWS::::Account:012345678912 pass": 3 });
    expect(found.map((r) => r.check_id)).toEqual(["IAM.5", "SSM.2", "ELBv2.1"]);
    expect(found[0]).toEqual({
      kind: "check_result",
      feed: "asff",
      external_id: `AWS::::Account:012345678912|IAM.5|${Date.UTC(2020, 5, 14, 21, 2, 53, 454)}`,
      asset: "AWS::::Account:012345678912",
      check_id: "IAM.5",
      result: "pass",
      checked_at: Date.UTC(2020, 5, 14, 21, 2, 53, 454), // UpdatedAt 2020-06-14T21:02:53.454Z
      benchmark: "arn:aws:securityhub:::standards/aws-foundational-security-best-practices/v/1.0.0",
      profile: null,
      severity: "info",
      title: "IAM.5 MFA should be enabled for all IAM users that have console password",
      controls: null,
      suppressed: false,
    });
  });

  it("makes one check result per resource of a finding", async () => {
    // jq -r '.findings[] | .Compliance.Status as $s | .Resources[] | "\(.Id) \($s)"' | sort | uniq -c
    // → five resources, each once, FAILED: EC2.2 has 3 (two security groups, a VPC), S3.8 has 2 buckets.
    const found = await records("securityhub-config_multiple_resources.json");
    expect(tally(found)).toEqual({
      "arn:aws:ec2:us-east-1:012345678912:security-group/sg-0fff2222bbbb1111a fail": 1,
      "arn:aws:ec2:us-east-1:012345678912:security-group/sg-0aaa1111cccc2222b fail": 1,
      "arn:aws:ec2:us-east-1:012345678912:vpc/vpc-0bbb3333dddd4444c fail": 1,
      "arn:aws:s3:::alpha-artifacts-bucket fail": 1,
      "arn:aws:s3:::zeta-reports-bucket fail": 1,
    });
    expect(found.map((r) => [r.check_id, r.severity])).toEqual([
      ["EC2.2", "high"],
      ["EC2.2", "high"],
      ["EC2.2", "high"],
      ["S3.8", "medium"],
      ["S3.8", "medium"],
    ]);
  });

  it("reads a finding exported twice as one result", async () => {
    // jq -r '.findings[].Id' | sort | uniq -c → the same Id twice, one resource, PASSED.
    const found = await records("securityhub-config_repeated_findings.json");
    expect(tally(found)).toEqual({ "AWS::::Account:012345678912 pass": 1 });
  });

  it("reads AWS's sample control findings: the control id across standards, requirements by framework", async () => {
    // jq -r '.Findings[] | .Compliance.Status as $s | .Resources[] | "\(.Id) \($s)"' | sort | uniq -c
    // → us-east-2 trail FAILED 3 (FSBP, CIS 1.2.0, PCI DSS: three UpdatedAt), us-west-2 trail 1
    // (CIS 1.4.0), the account 1 (Control Tower). Every one is SecurityControlId CloudTrail.2.
    const found = await records("securityhub-docs-control-samples.json");
    expect(tally(found)).toEqual({
      "arn:aws:cloudtrail:us-east-2:123456789012:trail/AWSMacieTrail-DO-NOT-EDIT fail": 3,
      "arn:aws:cloudtrail:us-west-2:123456789012:trail/AWSMacieTrail-DO-NOT-EDIT fail": 1,
      "AWS::::Account:123456789012 fail": 1,
    });
    expect(new Set(found.map((r) => r.check_id))).toEqual(new Set(["CloudTrail.2"]));
    // RelatedRequirements: none, none, "CIS AWS Foundations Benchmark v1.4.0/3.7", "PCI DSS 3.4", none.
    expect(found.map((r) => r.controls)).toEqual([
      null,
      null,
      { "CIS AWS Foundations Benchmark v1.4.0": ["3.7"] },
      { "PCI DSS": ["3.4"] },
      null,
    ]);
    expect(found[1]?.benchmark).toBe("arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0");
  });

  it("reads Prowler 3's json-asff: regional results of one account merge into the worst", async () => {
    // 40 findings, all UpdatedAt 2023-03-18T15:43:31Z.
    // jq -c '[.[] | {a:.Resources[0].Id, c:.GeneratorId, s:.Compliance.Status}] | unique | group_by(.a)'
    // → account 123456789012: 2 checks FAILED (16 regions each), 3 INFOED;
    //   the Access Analyzer ARN: 2 PASSED; the Lambda function: 1 FAILED, 2 PASSED.
    const found = await records("prowler-3.3.0-asff.json");
    expect(tally(found)).toEqual({
      "123456789012 fail": 2,
      "123456789012 informational": 3,
      "arn:aws:access-analyzer:eu-west-1:123456789012:analyzer/ConsoleAnalyzer-3334742f-fcf5-444e-8b27-ff5650996b69 pass": 2,
      "arn:aws:lambda:eu-west-1:123456789012:function:load-wikipedia fail": 1,
      "arn:aws:lambda:eu-west-1:123456789012:function:load-wikipedia pass": 2,
    });
    // Finding 35 (jq '.[34]'): INFOED, "CIS-1.5 1.1", "ENS-RD2022 op.ext.7.aws.am.1", "CIS-1.4 1.1".
    const contacts = found.find((r) => r.check_id === "prowler-account_maintain_current_contact_details");
    expect(contacts).toMatchObject({
      result: "informational",
      severity: "medium",
      title: "Maintain current contact details.",
      benchmark: "CIS-1.4, CIS-1.5, ENS-RD2022",
      controls: { "CIS-1.5": ["1.1"], "ENS-RD2022": ["op.ext.7.aws.am.1"], "CIS-1.4": ["1.1"] },
    });
    // grep -n 'Best-Practices account acm' → one finding lists a standard with two ids:
    // "AWS-Foundational-Security-Best-Practices account acm", the standard in its AssociatedStandards.
    const registered = found.find(
      (r) => r.check_id === "prowler-account_security_contact_information_is_registered",
    );
    expect(registered?.controls?.["AWS-Foundational-Security-Best-Practices"]).toEqual(["account", "acm"]);
  });

  it("reads Prowler 4's WARNING as a muted result and NOT_AVAILABLE as a manual check (hand-made)", async () => {
    // What prowler/lib/outputs/asff/asff.py's generate_status writes: muted → WARNING, MANUAL → NOT_AVAILABLE.
    const prowler = (id: string, status: string) => ({
      SchemaVersion: "2018-10-08",
      Id: id,
      ProductArn: "arn:aws:securityhub:eu-west-1::product/prowler/prowler",
      GeneratorId: `prowler-${id}`,
      UpdatedAt: "2026-09-01T10:00:00Z",
      Resources: [{ Id: "arn:aws:s3:::b" }],
      Compliance: { Status: status, RelatedRequirements: [], AssociatedStandards: [] },
    });
    const found = recordsOf(
      await items(json([prowler("muted", "WARNING"), prowler("manual", "NOT_AVAILABLE")])),
    );
    expect(found.map((r) => [r.check_id, r.result, r.suppressed])).toEqual([
      ["prowler-muted", "unknown", true],
      ["prowler-manual", "notchecked", false],
    ]);
  });

  it("skips and counts findings that are not control checks (GuardDuty, Inspector)", async () => {
    // jq '.Findings | length' → 4 GuardDuty findings, none with Compliance; inspector: 1.
    const guardduty = await fixture("securityhub-guardduty.json");
    expect(guardduty.map((item) => ("leftOut" in item ? item.leftOut : item))).toEqual(
      Array(4).fill("GuardDuty finding without Compliance.Status: not a check result"),
    );
    const inspector = await fixture("securityhub-inspector_ec2_ghsa.json");
    expect(inspector).toEqual([
      { line: 5, leftOut: "Inspector finding without Compliance.Status: not a check result" },
    ]);
  });

  it("maps statuses, suppression and archived findings (hand-made edge cases)", async () => {
    const base = {
      SchemaVersion: "2018-10-08",
      ProductArn: "arn:aws:securityhub:eu-west-1::product/aws/securityhub",
      GeneratorId: "security-control/S3.8",
      UpdatedAt: "2026-09-01T10:00:00Z",
      Resources: [{ Id: "arn:aws:s3:::a" }],
    };
    const finding = (id: string, extra: Record<string, unknown>) => ({ ...base, Id: id, ...extra });
    const found = await items(
      json({
        Findings: [
          finding("warning", {
            Compliance: { Status: "WARNING", SecurityControlId: "S3.1" },
            Workflow: { Status: "SUPPRESSED" },
          }),
          finding("na", { Compliance: { Status: "NOT_AVAILABLE", SecurityControlId: "S3.2" } }),
          finding("legacy", { Compliance: { Status: "PASSED" }, WorkflowState: "DEFERRED" }),
          finding("archived", { Compliance: { Status: "FAILED" }, RecordState: "ARCHIVED" }),
          finding("odd", { Compliance: { Status: "MAYBE" } }),
          finding("noresource", { Compliance: { Status: "FAILED" }, Resources: [] }),
          finding("observed", {
            Compliance: {
              Status: "FAILED",
              SecurityControlId: "IAM.1",
              RelatedRequirements: [
                "NIST.800-53.r5 AC-2",
                "NIST.800-53.r5 AC-6(10)",
                "CIS AWS Foundations Benchmark v1.2.0/1.22",
              ],
            },
            UpdatedAt: undefined,
            LastObservedAt: "2026-09-01T11:00:00Z",
            Severity: { Label: "CRITICAL" },
          }),
        ],
      }),
    );
    expect(
      found.map((item) =>
        "record" in item
          ? [
              item.record.check_id,
              item.record.result,
              item.record.suppressed,
              item.record.checked_at,
              item.record.severity,
            ]
          : item,
      ),
    ).toEqual([
      // Lines of each finding's Id in the pretty-printed document (grep -n '"Id": "archived"' → 64, odd 80, noresource 91).
      { line: 64, leftOut: "an archived finding (RecordState ARCHIVED): no longer current" },
      { line: 80, problem: 'Compliance.Status "MAYBE" is not PASSED, FAILED, WARNING or NOT_AVAILABLE' },
      { line: 91, problem: "a finding without Resources[].Id" },
      ["S3.1", "unknown", true, Date.UTC(2026, 8, 1, 10), null],
      ["S3.2", "error", false, Date.UTC(2026, 8, 1, 10), null],
      ["security-control/S3.8", "pass", true, Date.UTC(2026, 8, 1, 10), null],
      ["IAM.1", "fail", false, Date.UTC(2026, 8, 1, 11), "high"],
    ]);
    expect(recordsOf(found).at(-1)?.controls).toEqual({
      "NIST.800-53.r5": ["AC-2", "AC-6(10)"],
      "CIS AWS Foundations Benchmark v1.2.0": ["1.22"],
    });
  });

  it("reads kube-bench's --asff findings, which carry no Compliance block, as failed checks", async () => {
    // The shape kube-bench's check/controls.go writes (its controls_test.go expectation):
    // only FAIL and WARN checks become findings; the cluster ARN is the resource.
    const found = await items(
      json([
        {
          AwsAccountId: "123456789012",
          GeneratorId:
            "arn:aws:securityhub:eu-west-1::product/aqua-security/kube-bench/cis-kubernetes-benchmark/cis-1.8/4.2.1",
          Id: "arn:aws:securityhub:eu-west-1::product/aqua-security/kube-bench123456789012EKSnodeID+4.2.1+arn:aws:eks:eu-west-1:123456789012:cluster/prod",
          CreatedAt: "2026-09-01T10:00:00Z",
          UpdatedAt: "2026-09-01T10:00:00Z",
          ProductArn: "arn:aws:securityhub:eu-west-1::product/aqua-security/kube-bench",
          SchemaVersion: "2018-10-08",
          Title: "4.2.1 Ensure that the --anonymous-auth argument is set to false",
          Types: [
            "Software and Configuration Checks/Industry and Regulatory Standards/CIS Kubernetes Benchmark",
          ],
          Severity: { Label: "HIGH" },
          Resources: [
            {
              Id: "arn:aws:eks:eu-west-1:123456789012:cluster/prod",
              Type: "Software and Configuration Checks/Industry and Regulatory Standards/CIS Kubernetes Benchmark",
            },
          ],
        },
      ]),
    );
    expect(recordsOf(found)).toMatchObject([
      {
        asset: "arn:aws:eks:eu-west-1:123456789012:cluster/prod",
        check_id: "4.2.1",
        result: "fail",
        controls: { "CIS Kubernetes 1.8": ["4.2.1"] },
      },
    ]);
  });

  it("takes --scanned-at for a finding without times, and refuses a finding without", async () => {
    const timeless = {
      SchemaVersion: "2018-10-08",
      Id: "x",
      ProductArn: "arn:aws:securityhub:eu-west-1::product/aws/securityhub",
      GeneratorId: "g",
      Compliance: { Status: "PASSED" },
      Resources: [{ Id: "r" }],
    };
    const given = await items(json([timeless]), ctx({ scannedAt: Date.UTC(2026, 0, 1) }));
    expect(recordsOf(given).map((r) => r.checked_at)).toEqual([Date.UTC(2026, 0, 1)]);
    // Line 4: "[", "{", "SchemaVersion", then the Id the finding is known by.
    expect(await items(json([timeless]))).toEqual([
      {
        line: 4,
        problem: "a finding without UpdatedAt, LastObservedAt or CreatedAt: give the time with --scanned-at",
      },
    ]);
  });

  it("refuses what is not ASFF or not JSON, naming the line", async () => {
    await expect(items(json({ Items: [] }))).rejects.toThrow(InvalidInputError);
    await expect(items(Readable.from(['{"Findings": [\n{"Id": "a",\n']))).rejects.toThrow(
      /findings\.json:\d+: invalid JSON/,
    );
  });

  it("groups requirements by framework: after the last slash, else the last space", () => {
    expect(
      requirementsByFramework(["PCI DSS v3.2.1/8.1.1", "NIST.800-53.r5 SI-4(4)", "CIS-1.5 1.20", "SOC2"]),
    ).toEqual({
      "PCI DSS v3.2.1": ["8.1.1"],
      "NIST.800-53.r5": ["SI-4(4)"],
      "CIS-1.5": ["1.20"],
      SOC2: ["SOC2"],
    });
    expect(requirementsByFramework(["CISA your-systems-3 your-data-1"], ["CISA"])).toEqual({
      CISA: ["your-systems-3", "your-data-1"],
    });
    expect(requirementsByFramework([])).toBeNull();
  });

  it("is detected on every fixture, and not on other JSON reports", () => {
    for (const name of [
      "securityhub-config_many_findings.json",
      "securityhub-config_multiple_resources.json",
      "securityhub-config_repeated_findings.json",
      "securityhub-guardduty.json",
      "securityhub-inspector_ec2_ghsa.json",
      "securityhub-docs-control-samples.json",
      "prowler-3.3.0-asff.json",
    ]) {
      const head = readFileSync(path(name))
        .subarray(0, 64 * 1024)
        .toString("utf8");
      expect(detectImporter({ name, head }).id, name).toBe("asff");
    }
    const others = [
      '{"Findings": [{"id": 1, "title": "not ASFF"}]}',
      '[{"class_uid": 2004, "metadata": {"version": "1.1.0"}}]',
      '{"SchemaVersion": 2, "ArtifactName": "x", "Results": []}',
      '{"matches": [], "source": {}, "descriptor": {"name": "grype"}}',
    ];
    for (const head of others) expect(detectAsff({ name: "x.json", head }), head).toBe(false);
  });
});
