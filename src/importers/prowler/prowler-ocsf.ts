import { CHECK_RESULT, type CheckResult } from "../../domains/compliance-checks/records.ts";
import { defineImporter } from "../define-importer.ts";
import type { ImportContext, InputSample, RecordItem } from "../importer.ts";
import { field, isObject, type Json, objects, str } from "../shared/fields.ts";
import { firstJsonRecord } from "../shared/json.ts";
import { type JsonRecord, jsonRecords } from "../shared/readers.ts";
import {
  assetOf,
  type CheckReading,
  checkedAtOf,
  PROWLER_FEED,
  parseComplianceText,
  prowlerSeverity,
  prowlerStatus,
  ScanResults,
} from "./check-results.ts";

const DETECTION_FINDING = 2004;
/** OCSF finding status_id 3: what Prowler writes for a muted finding. */
const SUPPRESSED = 3;

/** The product name Prowler writes in every OCSF finding's metadata. */
export const PROWLER_PRODUCT = "Prowler";

/** An OCSF event written by Prowler. */
export function isProwlerEvent(event: unknown): boolean {
  return str(event, "metadata.product.name") === PROWLER_PRODUCT;
}

/**
 * Prowler's JSON-OCSF output (`prowler <provider> -M json-ocsf`, Prowler 4
 * and 5): a JSON array of OCSF Detection Findings, one per resource and
 * check, passes included. Each is a check result of its resource (else of the
 * account) for `metadata.event_code`, at the finding's time.
 */
async function* parseProwlerOcsf(
  records: AsyncIterable<JsonRecord>,
  ctx: ImportContext,
): AsyncIterable<RecordItem<CheckResult>> {
  const scan = new ScanResults();
  for await (const item of records) {
    if ("problem" in item) {
      yield item;
      continue;
    }
    const readings = readFinding(item.line, item.value, ctx);
    if (typeof readings === "string") yield { line: item.line, problem: readings };
    else for (const reading of readings) scan.add(reading);
  }
  yield* scan.items();
}

/** A finding's readings, one per resource; a problem names everything wrong with it. */
function readFinding(line: number, finding: Json, ctx: ImportContext): CheckReading[] | string {
  const problems: string[] = [];
  if (!isProwlerEvent(finding))
    return `not a Prowler finding (metadata.product.name ${JSON.stringify(str(finding, "metadata.product.name"))}): import it with --format ocsf`;
  const classUid = field(finding, "class_uid");
  if (classUid !== DETECTION_FINDING)
    return `class_uid ${JSON.stringify(classUid ?? null)} is not a Detection Finding (2004), which Prowler writes`;
  const checkId = str(finding, "metadata.event_code");
  if (checkId === null) problems.push("metadata.event_code (the check id) is required");
  const status = prowlerStatus(str(finding, "status_code"));
  if (typeof status === "string") problems.push(`status_code: ${status}`);
  const severity = prowlerSeverity(str(finding, "severity"));
  if ("problem" in severity) problems.push(severity.problem);
  const time = checkedAtOf(findingTime(finding), ctx, "time, time_dt or finding_info.created_time");
  if ("problem" in time) problems.push(time.problem);

  const account = str(finding, "cloud.account.uid");
  const resources = objects(finding, "resources")
    .map((resource) => str(resource, "uid"))
    .filter((uid): uid is string => uid !== null);
  const assets = resources.length > 0 ? [...new Set(resources)] : [assetOf(null, account, ctx)];
  if (assets.includes(null))
    problems.push("no resources[].uid nor cloud.account.uid: give the asset with --target");
  if (problems.length > 0 || typeof status === "string" || "problem" in severity || "problem" in time)
    return problems.join("; ");

  const controls = complianceOf(field(finding, "unmapped.compliance"));
  return assets.map((asset) => ({
    line,
    asset: asset as string,
    checkId: checkId as string,
    checkedAt: time.at,
    status,
    muted: isMuted(finding),
    benchmark: null,
    profile: null,
    severity: severity.severity,
    title: str(finding, "finding_info.title"),
    controls,
  }));
}

/**
 * `time` (epoch seconds, Prowler 4.5 and later), else `time_dt`, else
 * `finding_info.created_time` (an ISO text in Prowler 4.2), else `event_time`.
 */
function findingTime(finding: Json): unknown {
  for (const path of ["time", "time_dt", "finding_info.created_time", "finding_info.created_time_dt"]) {
    const value = field(finding, path);
    if (value !== undefined && value !== null && value !== "") return value;
  }
  return field(finding, "event_time");
}

/**
 * Muted: status "Suppressed". The caption is read first: Prowler 4.2 wrote
 * status_id 3 on findings it captioned "New"; without a caption, status_id 3.
 */
function isMuted(finding: Json): boolean {
  const caption = str(finding, "status");
  if (caption !== null) return caption.toLowerCase() === "suppressed";
  return field(finding, "status_id") === SUPPRESSED;
}

/** `unmapped.compliance`: `{"CIS-3.0": ["1.20"]}`, or the CSV's text form; `{}` is none. */
function complianceOf(value: unknown): Record<string, string[]> | null {
  if (typeof value === "string") return parseComplianceText(value);
  if (!isObject(value)) return null;
  const controls: Record<string, string[]> = {};
  for (const [framework, ids] of Object.entries(value)) {
    const list = (Array.isArray(ids) ? ids : [ids]).filter(
      (id): id is string => typeof id === "string" && id.trim() !== "",
    );
    if (list.length > 0) controls[framework] = list.map((id) => id.trim());
  }
  return Object.keys(controls).length > 0 ? controls : null;
}

export const prowlerOcsf = defineImporter({
  id: "prowler-ocsf",
  title: "Prowler JSON-OCSF check results (prowler -M json-ocsf)",
  feed: PROWLER_FEED,
  kinds: [CHECK_RESULT.kind],
  detect: (sample: InputSample) => isProwlerEvent(firstJsonRecord(sample.head)),
  read: jsonRecords(parseProwlerOcsf),
});
