import {
  CHECK_RESULT,
  type CheckResult,
  type CheckResultValue,
  RESULT_PRECEDENCE,
} from "../../domains/compliance-checks/records.ts";
import type { CheckSeverity } from "../../model/check-severity.ts";
import { InvalidInputError } from "../../model/errors.ts";
import { parseTimestamp } from "../../model/time.ts";
import { defineImporter } from "../define-importer.ts";
import type { ImportContext, InputSample, RecordItem } from "../importer.ts";
import { cisKubernetesFramework } from "../shared/cis-kubernetes.ts";
import { isObject, type Json, objects, str, texts } from "../shared/fields.ts";
import { firstJsonRecord } from "../shared/json.ts";
import { LineFinder } from "../shared/line-finder.ts";
import { jsonDocument } from "../shared/readers.ts";

const FEED = "asff";

/**
 * `Compliance.Status` to a check result. WARNING ("some information is
 * missing or this check is not supported for your configuration") reached
 * no verdict: unknown. NOT_AVAILABLE ("could not be performed due to a
 * service outage, API error", or Config found the rule not applicable,
 * which Security Hub archives after 3 days): error, as the archived ones
 * are left out. INFOED is what Prowler 3 wrote for its INFO status.
 */
const STATUS: Readonly<Record<string, CheckResultValue>> = {
  PASSED: "pass",
  FAILED: "fail",
  WARNING: "unknown",
  NOT_AVAILABLE: "error",
  INFOED: "informational",
};

/**
 * Prowler 4 and later write WARNING for a muted result (whatever it was)
 * and NOT_AVAILABLE for a manual check: a muted result is suppressed, a
 * manual one not checked.
 */
const PROWLER_PRODUCT = /:product\/prowler\/prowler$/;

/** ASFF's `Severity.Label` on XCCDF's scale, which has no critical: CRITICAL is high. */
const SEVERITY: Readonly<Record<string, CheckSeverity>> = {
  INFORMATIONAL: "info",
  LOW: "low",
  MEDIUM: "medium",
  HIGH: "high",
  CRITICAL: "high",
};

/** kube-bench's `--asff` findings carry no Compliance block; its product is named by this ARN tail. */
const KUBE_BENCH_PRODUCT = /:product\/aqua-security\/kube-bench$/;
const KUBE_BENCH_GENERATOR = /\/cis-kubernetes-benchmark\/([^/]+)\/([^/]+)$/;

/**
 * AWS Security Finding Format: `aws securityhub get-findings` exports
 * (`{"Findings": [...]}`), and what Prowler (`-M json-asff`, a bare array)
 * and other producers write (`{"findings": [...]}` too). Each finding with a
 * `Compliance.Status` is a control check: one check result per `Resources[]`
 * entry. Findings without one (GuardDuty, Inspector, Macie: threats and
 * vulnerabilities, not checks) and archived findings (RecordState ARCHIVED:
 * the resource is gone or the control disabled) are left out, with their
 * reason, as entries of another kind (not as problems or unreadable). kube-bench's findings (only its FAIL and WARN checks, with no
 * status) are read as fail.
 */
function* parseAsff(document: unknown, ctx: ImportContext, text: string): Iterable<RecordItem<CheckResult>> {
  const findings = findingsOf(document, ctx.file);
  const lines = new LineFinder(text);
  // Results of one (asset, check, time) from several findings (a control
  // evaluated per region, a finding exported twice) are one check result.
  const kept = new Map<string, { line: number; record: CheckResult }>();
  for (const finding of findings) {
    const id = isObject(finding) ? str(finding, "Id") : null;
    const line = id === null ? lines.next('"SchemaVersion"') : lines.next(JSON.stringify(id));
    if (!isObject(finding)) {
      yield { line, problem: "a finding that is not a JSON object" };
      continue;
    }
    const read = checkResults(finding, ctx);
    if ("leftOut" in read || "problem" in read) {
      yield { line, ...read };
      continue;
    }
    for (const record of read.records) {
      const before = kept.get(record.external_id);
      if (!before) kept.set(record.external_id, { line, record });
      else before.record = merged(before.record, record);
    }
  }
  yield* kept.values();
}

function findingsOf(document: unknown, file: string): unknown[] {
  if (Array.isArray(document)) return document;
  const list = isObject(document) ? (document.Findings ?? document.findings) : undefined;
  if (Array.isArray(list)) return list;
  throw new InvalidInputError(file, [
    {
      line: 1,
      reason: 'not ASFF: expected {"Findings": [...]}, {"findings": [...]} or an array of findings',
    },
  ]);
}

type FindingRead = { records: CheckResult[] } | { leftOut: string } | { problem: string };

function checkResults(finding: Json, ctx: ImportContext): FindingRead {
  const product = str(finding, "ProductArn") ?? "";
  const kubeBench = KUBE_BENCH_PRODUCT.test(product);
  const status = str(finding, "Compliance.Status");
  if (status === null && !kubeBench) {
    const name = str(finding, "ProductName") ?? product.split("/").pop() ?? "";
    const what = name ? `${name} finding` : "a finding";
    return { leftOut: `${what} without Compliance.Status: not a check result` };
  }
  if (str(finding, "RecordState") === "ARCHIVED")
    return { leftOut: "an archived finding (RecordState ARCHIVED): no longer current" };
  const prowler = PROWLER_PRODUCT.test(product);
  const result =
    status === null ? "fail" : prowler && status === "NOT_AVAILABLE" ? "notchecked" : STATUS[status];
  if (!result)
    return { problem: `Compliance.Status "${status}" is not PASSED, FAILED, WARNING or NOT_AVAILABLE` };
  const checkedAt = findingTime(finding, ctx);
  if (typeof checkedAt === "string") return { problem: checkedAt };
  const generator = str(finding, "GeneratorId");
  const kubeBenchCheck = kubeBench && generator ? KUBE_BENCH_GENERATOR.exec(generator) : null;
  const checkId =
    str(finding, "Compliance.SecurityControlId") ??
    str(finding, "ProductFields.ControlId") ??
    kubeBenchCheck?.[2] ??
    generator;
  if (checkId === null) return { problem: "a finding without GeneratorId" };
  const assets = texts(objects(finding, "Resources").map((resource) => resource.Id));
  if (assets.length === 0) return { problem: "a finding without Resources[].Id" };
  const label = str(finding, "Severity.Label");
  const controls = kubeBenchCheck
    ? { [cisKubernetesFramework(kubeBenchCheck[1] ?? "")]: [kubeBenchCheck[2] ?? ""] }
    : requirementsByFramework(
        texts(finding, "Compliance.RelatedRequirements"),
        texts(objects(finding, "Compliance.AssociatedStandards").map((s) => s.StandardsId)),
      );
  const records = [...new Set(assets)].map(
    (asset): CheckResult => ({
      kind: CHECK_RESULT.kind,
      feed: FEED,
      external_id: `${asset}|${checkId}|${checkedAt}`,
      asset,
      check_id: checkId,
      result,
      checked_at: checkedAt,
      benchmark: benchmarkOf(finding),
      profile: null,
      severity: label === null ? null : (SEVERITY[label] ?? null),
      title: str(finding, "Title"),
      controls,
      suppressed: (prowler && status === "WARNING") || isSuppressed(finding),
    }),
  );
  return { records };
}

/** When the finding last reflected the resource: UpdatedAt, else LastObservedAt, CreatedAt, --scanned-at. */
function findingTime(finding: Json, ctx: ImportContext): number | string {
  for (const key of ["UpdatedAt", "LastObservedAt", "CreatedAt"]) {
    const text = str(finding, key);
    if (text === null) continue;
    const at = parseTimestamp(text, ctx.timezone);
    return at ?? `${key} "${text}" is not an ISO 8601 timestamp`;
  }
  return (
    ctx.scannedAt ??
    "a finding without UpdatedAt, LastObservedAt or CreatedAt: give the time with --scanned-at"
  );
}

/**
 * `Workflow.Status` SUPPRESSED; before it existed, `WorkflowState`
 * DEFERRED said the same (the legacy field is read only without the new one).
 */
function isSuppressed(finding: Json): boolean {
  const workflow = str(finding, "Workflow.Status");
  if (workflow !== null) return workflow === "SUPPRESSED";
  const legacy = str(finding, "WorkflowState");
  return legacy === "SUPPRESSED" || legacy === "DEFERRED";
}

/**
 * The standard a control finding was evaluated under: the one standard of
 * a per-standard finding (`ProductFields.StandardsArn`, `StandardsGuideArn`),
 * else the `Compliance.AssociatedStandards` of a consolidated one.
 */
function benchmarkOf(finding: Json): string | null {
  const own = str(finding, "ProductFields.StandardsArn") ?? str(finding, "ProductFields.StandardsGuideArn");
  if (own !== null) return own;
  const standards = texts(objects(finding, "Compliance.AssociatedStandards").map((s) => s.StandardsId));
  return standards.length === 0 ? null : [...new Set(standards)].sort().join(", ");
}

/**
 * `RelatedRequirements` by framework. Prowler writes a standard it also
 * lists in `AssociatedStandards` followed by its requirement ids
 * ("CIS-1.5 5.2 5.3"). Security Hub writes one requirement each:
 * "CIS AWS Foundations Benchmark v1.4.0/3.7", "NIST.800-53.r5 AC-2(1)",
 * "PCI DSS 3.4": the id follows the last "/", else the last space. A
 * requirement with neither is its own framework's only entry.
 */
export function requirementsByFramework(
  requirements: readonly string[],
  standards: readonly string[] = [],
): Record<string, string[]> | null {
  const grouped: Record<string, string[]> = {};
  const add = (framework: string, ids: readonly string[]) => {
    const known = (grouped[framework] ??= []);
    for (const id of ids) if (id !== "" && !known.includes(id)) known.push(id);
  };
  for (const requirement of requirements) {
    const standard = standards.find((s) => requirement.startsWith(`${s} `));
    if (standard !== undefined) {
      add(standard, requirement.slice(standard.length).trim().split(/\s+/));
      continue;
    }
    const cut = requirement.includes("/") ? requirement.lastIndexOf("/") : requirement.lastIndexOf(" ");
    if (cut < 0) add(requirement, [requirement]);
    else add(requirement.slice(0, cut).trim(), [requirement.slice(cut + 1).trim()]);
  }
  return Object.keys(grouped).length === 0 ? null : grouped;
}

/** Two results of one (asset, check, time): the one that says most against the asset, with both's requirements. */
function merged(kept: CheckResult, other: CheckResult): CheckResult {
  const rank = (r: CheckResult) => RESULT_PRECEDENCE.indexOf(r.result);
  const stronger = rank(other) < rank(kept) ? other : kept;
  const controls: Record<string, string[]> = {};
  for (const source of [kept.controls, other.controls])
    for (const [framework, ids] of Object.entries(source ?? {}))
      controls[framework] = [...new Set([...(controls[framework] ?? []), ...ids])];
  return { ...stronger, controls: Object.keys(controls).length === 0 ? null : controls };
}

/**
 * ASFF: a `Findings`/`findings` list or a bare array whose first finding
 * carries ASFF's SchemaVersion and a ProductArn. No other format names a
 * Security Hub product ARN.
 */
export function detectAsff(sample: InputSample): boolean {
  const head = sample.head.replace(/^\uFEFF/, "").trimStart();
  const listed = /^\{\s*"(Findings|findings)"\s*:\s*\[\s*\{/.test(head);
  if (!listed && !head.startsWith("[")) return false;
  if (!listed) {
    const first = firstJsonRecord(head);
    // A first finding longer than the sample is still told by its leading keys.
    if (isObject(first))
      return str(first, "SchemaVersion") === "2018-10-08" && str(first, "ProductArn") !== null;
  }
  return /"SchemaVersion"\s*:\s*"2018-10-08"/.test(head) && /"ProductArn"\s*:\s*"arn:/.test(head);
}

export const asffImporter = defineImporter({
  id: "asff",
  title: "AWS Security Finding Format (Security Hub get-findings, Prowler json-asff, kube-bench --asff)",
  kinds: [CHECK_RESULT.kind],
  detect: detectAsff,
  read: jsonDocument(parseAsff),
});
