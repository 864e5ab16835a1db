/**
 * Northwind Payments' monthly Prowler scans of its production AWS account
 * for the demo: one JSON-OCSF file (the shape `prowler aws -M json-ocsf`
 * writes, trimmed to the fields secmetrics reads and a few more) on the 5th
 * of each month at 01:30 UTC, 2026-01-05 → 2026-10-05, before the OpenSCAP
 * scans of the same day. Deterministic: the results are the plan below.
 */

const YEAR = 2026;
const MONTHS = 10;
const ACCOUNT = "210987654321";

type Status = "PASS" | "FAIL" | "MANUAL";
type Severity = "Critical" | "High" | "Medium" | "Low";

interface PlannedCheck {
  resource: string;
  check: string;
  title: string;
  severity: Severity;
  /** The status in month 1–12; PASS when not given. */
  status?: (month: number) => Status;
  /** Muted in Prowler's mutelist: kept, flagged suppressed. */
  muted?: boolean;
  compliance: Record<string, string[]>;
}

const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
const TRAIL = `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/org-trail`;

/**
 * High and critical checks are Tier 1 by default (critical is stored as
 * high). October: the bastion's security group opened SSH to the internet
 * (a drift from September); the trail's log file validation has failed all
 * year and is muted (a medium check: no baseline); the contact details are
 * a manual requirement.
 */
const PLAN: readonly PlannedCheck[] = [
  {
    resource: ROOT,
    check: "iam_root_mfa_enabled",
    title: "Ensure MFA is enabled for the root account",
    severity: "Critical",
    compliance: { "CIS-3.0": ["1.5"] },
  },
  {
    resource: ROOT,
    check: "account_maintain_current_contact_details",
    title: "Maintain current contact details.",
    severity: "Medium",
    status: () => "MANUAL",
    compliance: { "CIS-3.0": ["1.1"] },
  },
  {
    resource: "arn:aws:s3:::northwind-statements",
    check: "s3_bucket_level_public_access_block",
    title: "Check S3 Bucket Level Public Access Block.",
    severity: "High",
    compliance: { "CIS-3.0": ["2.1.4"] },
  },
  {
    resource: TRAIL,
    check: "cloudtrail_multi_region_enabled",
    title: "Ensure CloudTrail is enabled in all regions",
    severity: "High",
    compliance: { "CIS-3.0": ["3.1"] },
  },
  {
    resource: TRAIL,
    check: "cloudtrail_log_file_validation_enabled",
    title: "Ensure CloudTrail log file validation is enabled",
    severity: "Medium",
    status: () => "FAIL",
    muted: true,
    compliance: { "CIS-3.0": ["3.2"] },
  },
  {
    resource: `arn:aws:ec2:eu-west-1:${ACCOUNT}:security-group/sg-0b7c1d2e3f4a5b6c7`,
    check: "ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22",
    title: "Ensure no security groups allow ingress from 0.0.0.0/0 or ::/0 to SSH port 22.",
    severity: "High",
    status: (month) => (month === 10 ? "FAIL" : "PASS"),
    compliance: { "CIS-3.0": ["5.2"] },
  },
];

/** Every resource the scans check: the managed inventory lists them (scripts/demo-assets.ts). */
export const PROWLER_RESOURCES: readonly string[] = [...new Set(PLAN.map((planned) => planned.resource))];

const SEVERITY_ID: Record<Severity, number> = { Low: 2, Medium: 3, High: 4, Critical: 5 };

export interface ProwlerFile {
  name: string;
  text: string;
}

export function prowlerScans(): ProwlerFile[] {
  const files: ProwlerFile[] = [];
  for (let month = 1; month <= MONTHS; month++) {
    const date = `${YEAR}-${String(month).padStart(2, "0")}-05`;
    const time = Date.parse(`${date}T01:30:00Z`) / 1000;
    const findings = PLAN.map((planned) => finding(planned, planned.status?.(month) ?? "PASS", time));
    files.push({
      name: `prowler-output-${ACCOUNT}-${date.replaceAll("-", "")}013000.ocsf.json`,
      text: `${JSON.stringify(findings, null, 2)}\n`,
    });
  }
  return files;
}

function finding(planned: PlannedCheck, status: Status, time: number) {
  const region = planned.resource.split(":")[3] || "global";
  return {
    message: `${planned.title} (${status})`,
    metadata: {
      event_code: planned.check,
      product: { name: "Prowler", uid: "prowler", vendor_name: "Prowler", version: "5.4.0" },
      profiles: ["cloud", "datetime"],
      version: "1.4.0",
    },
    severity_id: SEVERITY_ID[planned.severity],
    severity: planned.severity,
    status: planned.muted ? "Suppressed" : "New",
    status_code: status,
    status_id: planned.muted ? 3 : 1,
    unmapped: { compliance: planned.compliance },
    activity_name: "Create",
    activity_id: 1,
    finding_info: {
      created_time: time,
      created_time_dt: new Date(time * 1000).toISOString(),
      title: planned.title,
      uid: `prowler-aws-${planned.check}-${ACCOUNT}-${region}-${planned.resource.split(/[:/]/).at(-1)}`,
    },
    resources: [{ cloud_partition: "aws", region, uid: planned.resource }],
    category_uid: 2,
    class_name: "Detection Finding",
    class_uid: 2004,
    cloud: { account: { type: "AWS Account", uid: ACCOUNT }, provider: "aws", region },
    time,
    time_dt: new Date(time * 1000).toISOString(),
    type_uid: 200401,
  };
}
