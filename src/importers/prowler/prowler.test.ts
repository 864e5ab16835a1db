import { createReadStream, readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import type { CheckResult } from "../../domains/compliance-checks/records.ts";
import { InvalidInputError } from "../../model/errors.ts";
import type { ImportContext, Importer, RecordItem } from "../importer.ts";
import { detectImporter } from "../registry.ts";
import { parseComplianceText, prowlerTime } from "./check-results.ts";
import { prowlerComplianceCsv } from "./prowler-compliance.ts";
import { prowlerCsv } from "./prowler-csv.ts";
import { prowlerOcsf } from "./prowler-ocsf.ts";

const path = (name: string) => new URL(`fixtures/${name}`, import.meta.url);
const ctx = (file: string, extra: Partial<ImportContext> = {}): ImportContext => ({
  file,
  timezone: "UTC",
  ...extra,
});

async function items(
  importer: Importer,
  input: Readable,
  context: ImportContext,
): Promise<RecordItem<CheckResult>[]> {
  const found: RecordItem<CheckResult>[] = [];
  for await (const item of importer.parse(input, context)) found.push(item as RecordItem<CheckResult>);
  return found;
}

async function records(importer: Importer, name: string, extra: Partial<ImportContext> = {}) {
  // A small highWaterMark splits records and CSV rows across chunks.
  const all = await items(importer, createReadStream(path(name), { highWaterMark: 512 }), ctx(name, extra));
  expect(all.filter((item) => !("record" in item))).toEqual([]);
  return all.flatMap((item) => ("record" in item ? [item.record] : []));
}

/** How many results of each value per asset: `asset result` → count. */
function tally(found: readonly CheckResult[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of found) counts[`${r.asset} ${r.result}`] = (counts[`${r.asset} ${r.result}`] ?? 0) + 1;
  return counts;
}

const text = (body: string) => Readable.from([body]);
const seconds = (iso: string) => Date.parse(iso);

describe("prowler-ocsf", () => {
  it("reads Prowler 5's JSON-OCSF: MANUAL is notchecked, unmapped.compliance the controls", async () => {
    // jq -r '.[] | "\(.resources[0].uid) \(.status_code)"' prowler-5-aws.ocsf.json | sort | uniq -c
    // → 1 "<resource_uid> FAIL", 1 "arn:aws:iam::<account_uid>:root FAIL", 3 "… MANUAL".
    // time 1739539623 (epoch seconds) = 2025-02-14T13:27:03Z.
    const found = await records(prowlerOcsf, "prowler-5-aws.ocsf.json");
    expect(tally(found)).toEqual({
      "<resource_uid> fail": 1,
      "arn:aws:iam::<account_uid>:root fail": 1,
      "arn:aws:iam::<account_uid>:root notchecked": 3,
    });
    const analyzer = found.find((r) => r.check_id === "accessanalyzer_enabled");
    expect(analyzer).toMatchObject({
      kind: "check_result",
      feed: "prowler",
      external_id: `<resource_uid>|accessanalyzer_enabled|${seconds("2025-02-14T13:27:03Z")}`,
      checked_at: seconds("2025-02-14T13:27:03Z"),
      severity: "low",
      title: "Check if IAM Access Analyzer is enabled",
      benchmark: null,
      profile: null,
      suppressed: false,
    });
    // jq '.[0].unmapped.compliance["CIS-3.0"]' → ["1.20"]; 7 frameworks: jq '.[0].unmapped.compliance | length'.
    expect(analyzer?.controls?.["CIS-3.0"]).toEqual(["1.20"]);
    expect(Object.keys(analyzer?.controls ?? {})).toHaveLength(7);
  });

  it("reads Prowler 5's Kubernetes findings, passes included", async () => {
    // jq -r '.[] | "\(.resources[0].uid) \(.status_code)"' … | sort | uniq -c → 5 FAIL, 1 PASS.
    const found = await records(prowlerOcsf, "prowler-5-kubernetes.ocsf.json");
    expect(tally(found)).toEqual({ "<resource_uid> fail": 5, "<resource_uid> pass": 1 });
  });

  it("reads Prowler 4.2's times as ISO texts and its Suppressed status as muted", async () => {
    // jq -r '.[] | "\(.resources[0].uid) \(.status_code) \(.status)"' prowler-4.2-aws.ocsf.json
    // → three roles, all FAIL, the third Suppressed; finding_info.created_time "2024-06-03T14:15:19.382075"
    // (no `time`; every finding has status_id 3, captioned New on two: the caption decides).
    for (const name of ["prowler-4.2-aws.ocsf.json", "prowler-4.5-format-aws.ocsf.json"]) {
      const found = await records(prowlerOcsf, name);
      expect(tally(found), name).toEqual({
        "arn:aws:iam::123456789012:role/myAdministratorExecutionRole fail": 1,
        "arn:aws:iam::123456789012:role/AuditRole fail": 1,
        "arn:aws:iam::123456789012:role/CrossAccountResourceAccessRole fail": 1,
      });
      expect(found.map((r) => r.suppressed)).toEqual([false, false, true]);
      expect(new Set(found.map((r) => r.checked_at))).toEqual(new Set([seconds("2024-06-03T14:15:19Z")]));
      // jq '.[1].unmapped.compliance' → {"MITRE-ATTACK": ["T1078"], "AWS-Foundational-Technical-Review": ["IAM-0012"]}; `{}` on the others.
      expect(found.map((r) => r.controls)).toEqual([
        null,
        { "MITRE-ATTACK": ["T1078"], "AWS-Foundational-Technical-Review": ["IAM-0012"] },
        null,
      ]);
    }
  });

  it("keeps one result per resource and check, the failing one, and falls back to the account", async () => {
    const finding = (status: string, resources: unknown[]) =>
      JSON.stringify({
        class_uid: 2004,
        metadata: { event_code: "s3_bucket_public_access", product: { name: "Prowler" }, version: "1.4.0" },
        status_code: status,
        status: "New",
        severity: "Critical",
        time: 1739539623,
        cloud: { account: { uid: "111122223333" } },
        resources,
      });
    const found = await items(
      prowlerOcsf,
      text(
        [
          finding("PASS", [{ uid: "arn:aws:s3:::site" }]),
          finding("FAIL", [{ uid: "arn:aws:s3:::site" }]),
          finding("PASS", []),
        ].join("\n"),
      ),
      ctx("hand.ndjson"),
    );
    expect(
      found.map((item) => ("record" in item ? [item.line, item.record.asset, item.record.result] : item)),
    ).toEqual([
      [1, "arn:aws:s3:::site", "fail"],
      [3, "111122223333", "pass"],
    ]);
    expect(found.map((item) => ("record" in item ? item.record.severity : null))).toEqual(["high", "high"]);
  });

  it("reports findings it cannot read, with their line, and refuses truncated JSON", async () => {
    const found = await items(
      prowlerOcsf,
      text(
        [
          '{"class_uid":2005,"metadata":{"product":{"name":"Prowler"}}}',
          '{"class_uid":2004,"metadata":{"product":{"name":"GuardDuty"}}}',
          '{"class_uid":2004,"metadata":{"product":{"name":"Prowler"}},"status_code":"MAYBE","severity":"Severe","resources":[{"uid":"r"}]}',
          '{"class_uid":2004,"metadata":{"event_code":"c","product":{"name":"Prowler"}},"status_code":"PASS","time":"soon","resources":[{"uid":"r"}]}',
        ].join("\n"),
      ),
      ctx("bad.ndjson"),
    );
    expect(found).toEqual([
      { line: 1, problem: "class_uid 2005 is not a Detection Finding (2004), which Prowler writes" },
      {
        line: 2,
        problem: 'not a Prowler finding (metadata.product.name "GuardDuty"): import it with --format ocsf',
      },
      {
        line: 3,
        problem:
          'metadata.event_code (the check id) is required; status_code: status "MAYBE" is not a Prowler status (PASS, FAIL, MANUAL, INFO or MUTED); severity "Severe" is not a Prowler severity (critical, high, medium, low, informational); no time, time_dt or finding_info.created_time: give the scan time with --scanned-at',
      },
      { line: 4, problem: 'time, time_dt or finding_info.created_time "soon" is not a timestamp' },
    ]);
    await expect(items(prowlerOcsf, text('[{"class_uid":2004,'), ctx("cut.json"))).rejects.toThrow(
      InvalidInputError,
    );
  });
});

describe("prowler-csv", () => {
  it("reads Prowler 5's CSV with its COMPLIANCE column", async () => {
    // awk -F';' 'NR>1 {print $21, $14}' prowler-5-aws.csv | sort | uniq -c
    // → 2 "<resource_uid> FAIL", 1 "<resource_uid> MANUAL", 1 "<resource_uid>:root MANUAL".
    const found = await records(prowlerCsv, "prowler-5-aws.csv");
    expect(tally(found)).toEqual({
      "<resource_uid> fail": 2,
      "<resource_uid> notchecked": 1,
      "<resource_uid>:root notchecked": 1,
    });
    // COMPLIANCE of row 2: "CIS-1.4: 1.20 | … | KISA-ISMS-P-2023: 2.5.6, 2.6.4, 2.8.1, 2.8.2 | … | CIS-3.0: 1.20".
    const analyzer = found.find((r) => r.check_id === "accessanalyzer_enabled");
    expect(analyzer?.controls?.["KISA-ISMS-P-2023"]).toEqual(["2.5.6", "2.6.4", "2.8.1", "2.8.2"]);
    expect(analyzer?.controls?.["CIS-3.0"]).toEqual(["1.20"]);
  });

  it("reads Prowler 5's Azure CSV", async () => {
    // awk -F';' 'NR>1 {print $14}' prowler-5-azure.csv | sort | uniq -c → 1 FAIL, 3 PASS, one resource.
    const found = await records(prowlerCsv, "prowler-5-azure.csv");
    const cluster =
      "/subscriptions/<account_uid>/resourcegroups/<resource_name>_group/providers/Microsoft.ContainerService/managedClusters/<resource_name>";
    expect(tally(found)).toEqual({ [`${cluster} pass`]: 3, [`${cluster} fail`]: 1 });
  });

  it("gives the CSV and OCSF of one scan the same identity when --timezone is the scanning host's", async () => {
    // The CSV writes 2025-02-14 14:27:03.913874 local (CET, +01:00), the OCSF `time` 1739539623 = 13:27:03Z.
    const [csv] = await records(prowlerCsv, "prowler-5-aws.csv", { timezone: "Europe/Madrid" });
    const [ocsf] = await records(prowlerOcsf, "prowler-5-aws.ocsf.json");
    expect(csv?.external_id).toBe(ocsf?.external_id);
  });

  it("reads Prowler 3's columns: RESOURCE_ARN, else RESOURCE_ID, else ACCOUNT_ID; INFO; critical as high", async () => {
    const found = await records(prowlerCsv, "hand-made-prowler-3.csv");
    expect(found.map((r) => [r.asset, r.check_id, r.result, r.severity])).toEqual([
      ["arn:aws:s3:::logs", "s3_bucket_default_encryption", "pass", "medium"],
      ["arn:aws:s3:::site", "s3_bucket_public_access", "fail", "high"],
      ["<root_account>", "iam_root_mfa_enabled", "fail", "high"],
      ["111122223333", "ec2_ebs_default_encryption", "informational", "medium"],
    ]);
    expect(found[0]?.controls).toEqual({ "CIS-1.5": ["2.1.1"], ISO27001: ["A.10.1"] });
    expect(found[0]?.checked_at).toBe(seconds("2023-11-06T10:12:44Z"));
  });

  it("reads Prowler 4.0's MUTED status and MUTED column as suppressed", async () => {
    const found = await records(prowlerCsv, "hand-made-prowler-4.0-muted.csv");
    expect(found.map((r) => [r.check_id, r.result, r.suppressed])).toEqual([
      ["iam_root_hardware_mfa_enabled", "unknown", true],
      ["cloudtrail_multi_region_enabled", "pass", false],
      ["s3_bucket_public_access", "fail", true],
    ]);
  });

  it("reports bad rows with their line, and refuses a header without CHECK_ID", async () => {
    const header = "TIMESTAMP;ACCOUNT_UID;CHECK_ID;CHECK_TITLE;STATUS;MUTED;SEVERITY;RESOURCE_UID";
    const found = await items(
      prowlerCsv,
      text(
        `${header}\n2025-01-01 10:00:00;1;c1;T;PASS;False;high;r\n` +
          "yesterday;1;c2;T;FAIL;maybe;urgent;r\n;;;T;PASS;False;low;\n",
      ),
      ctx("bad.csv"),
    );
    expect(found).toEqual([
      {
        line: 3,
        problem:
          'SEVERITY: severity "urgent" is not a Prowler severity (critical, high, medium, low, informational); TIMESTAMP or ASSESSMENT_START_TIME "yesterday" is not a timestamp; MUTED "maybe" is not True or False',
      },
      {
        line: 4,
        problem:
          "CHECK_ID is empty; no TIMESTAMP or ASSESSMENT_START_TIME: give the scan time with --scanned-at; no RESOURCE_UID nor ACCOUNT_UID: give the asset with --target",
      },
      expect.objectContaining({ line: 2, record: expect.objectContaining({ check_id: "c1" }) }),
    ]);
    await expect(items(prowlerCsv, text("TIMESTAMP;STATUS\n1;PASS\n"), ctx("h.csv"))).rejects.toThrow(
      "missing required column check_id",
    );
  });

  it("takes the scan time and asset from --scanned-at and --target when the file has none", async () => {
    const found = await items(
      prowlerCsv,
      text("CHECK_ID;CHECK_TITLE;STATUS;TIMESTAMP;RESOURCE_UID\nc;T;PASS;;\n"),
      ctx("bare.csv", { scannedAt: Date.parse("2026-01-05T08:00:00.750Z"), target: "acct" }),
    );
    expect(found).toMatchObject([
      { line: 2, record: { asset: "acct", checked_at: Date.parse("2026-01-05T08:00:00Z") } },
    ]);
  });
});

describe("prowler-compliance-csv", () => {
  it("reads Prowler's CIS compliance CSV, leaving out manual requirements", async () => {
    // python3 -c "import csv; [print(r['ACCOUNTID'], r['RESOURCEID'], r['CHECKID'], r['STATUS'])
    //   for r in csv.DictReader(open('prowler-cis-1.4-aws.csv', newline=''), delimiter=';')]"
    // → "123456789012  service_test_check_id PASS" (no resource: the account) and
    //   " manual_check manual MANUAL" (a manual requirement: no check of any resource).
    const found = await records(prowlerComplianceCsv, "prowler-cis-1.4-aws.csv");
    expect(found).toEqual([
      {
        kind: "check_result",
        feed: "prowler",
        external_id: `123456789012|service_test_check_id|${seconds("2025-02-14T14:27:03Z")}`,
        asset: "123456789012",
        check_id: "service_test_check_id",
        result: "pass",
        checked_at: seconds("2025-02-14T14:27:03Z"),
        benchmark: "CIS Amazon Web Services Foundations Benchmark v1.4.0",
        profile: "Level 1",
        severity: null,
        title: null,
        controls: { "CIS Amazon Web Services Foundations Benchmark v1.4.0": ["2.1.3"] },
        suppressed: false,
      },
    ]);
    // Same shape for Kubernetes, the account column being CONTEXT: one PASS of test-cluster.
    expect(tally(await records(prowlerComplianceCsv, "prowler-cis-1.8-kubernetes.csv"))).toEqual({
      "test-cluster pass": 1,
    });
  });

  it("merges a check listed under several requirements, and names the framework by the file", async () => {
    // 6 rows: 1.20 FAIL (eu-west-1 analyzer), 1.20 PASS (us-east-1 analyzer), 3.1 L1 PASS and
    // 3.5 L2 PASS of the same trail and check, 3.7 L2 FAIL, 1.1 manual → 4 results.
    const found = await records(prowlerComplianceCsv, "hand-made_cis_3.0_aws.csv");
    expect(found.map((r) => [r.check_id, r.result, r.profile, r.controls])).toEqual([
      ["accessanalyzer_enabled", "fail", "Level 1", { "cis_3.0_aws": ["1.20"] }],
      ["accessanalyzer_enabled", "pass", "Level 1", { "cis_3.0_aws": ["1.20"] }],
      ["cloudtrail_multi_region_enabled", "pass", "Level 1", { "cis_3.0_aws": ["3.1", "3.5"] }],
      ["cloudtrail_kms_encryption_enabled", "fail", "Level 2", { "cis_3.0_aws": ["3.7"] }],
    ]);
  });
});

describe("prowler detection", () => {
  const head = (name: string) => readFileSync(path(name), "utf8").slice(0, 64 * 1024);

  it("detects every Prowler fixture as its format", () => {
    const expected: Record<string, string> = {
      "prowler-5-aws.ocsf.json": "prowler-ocsf",
      "prowler-5-kubernetes.ocsf.json": "prowler-ocsf",
      "prowler-4.2-aws.ocsf.json": "prowler-ocsf",
      "prowler-4.5-format-aws.ocsf.json": "prowler-ocsf",
      "prowler-5-aws.csv": "prowler-csv",
      "prowler-5-azure.csv": "prowler-csv",
      "hand-made-prowler-3.csv": "prowler-csv",
      "hand-made-prowler-4.0-muted.csv": "prowler-csv",
      "prowler-cis-1.4-aws.csv": "prowler-compliance-csv",
      "prowler-cis-1.8-kubernetes.csv": "prowler-compliance-csv",
      "hand-made_cis_3.0_aws.csv": "prowler-compliance-csv",
    };
    for (const [name, id] of Object.entries(expected))
      expect(detectImporter({ name, head: head(name) }).id, name).toBe(id);
  });

  it("leaves OCSF from other products to the ocsf importer", () => {
    const name = "detection-findings.json";
    const other = readFileSync(new URL(`../ocsf/fixtures/${name}`, import.meta.url), "utf8");
    expect(detectImporter({ name, head: other.slice(0, 64 * 1024) }).id).toBe("ocsf");
  });
});

describe("prowler helpers", () => {
  it("reads compliance lists and times as Prowler writes them", () => {
    expect(parseComplianceText("CIS-1.4: 1.20 | ISO27001: A.9.2, A.9.4 | junk | CIS-1.4: 1.20")).toEqual({
      "CIS-1.4": ["1.20"],
      ISO27001: ["A.9.2", "A.9.4"],
    });
    expect(parseComplianceText("")).toBeNull();
    expect(prowlerTime(1739539623, "UTC")).toBe(1739539623000);
    expect(prowlerTime("1739539623913", "UTC")).toBe(1739539623000);
    expect(prowlerTime("2025-02-14 14:27:03.913874", "UTC")).toBe(Date.parse("2025-02-14T14:27:03Z"));
    expect(prowlerTime("soon", "UTC")).toBeUndefined();
  });
});
