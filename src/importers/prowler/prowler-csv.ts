import { CHECK_RESULT, type CheckResult } from "../../domains/compliance-checks/records.ts";
import { defineImporter } from "../define-importer.ts";
import type { ImportContext, InputSample, RecordItem } from "../importer.ts";
import type { CsvRow } from "../shared/csv.ts";
import { csvHeader, csvRows } from "../shared/readers.ts";
import {
  assetOf,
  checkedAtOf,
  PROWLER_FEED,
  parseComplianceText,
  prowlerSeverity,
  prowlerStatus,
  ScanResults,
} from "./check-results.ts";

/** Prowler writes its CSV outputs with semicolons. */
export const PROWLER_SEPARATOR = ";";

/** The same value under the names of Prowler 5 (first), 4 and 3. */
const TIME = ["timestamp", "assessment_start_time"];
const ACCOUNT = ["account_uid", "account_id"];
/** Prowler 3's RESOURCE_ID is a short name beside the ARN; its ARN names the resource. */
const RESOURCE = ["resource_uid", "resource_arn", "resource_id"];
const REQUIRED = ["check_id", "status"];

/** The first non-empty value among `names`. */
export function firstOf(values: Record<string, string>, names: readonly string[]): string | null {
  for (const name of names) {
    const value = values[name]?.trim();
    if (value) return value;
  }
  return null;
}

/**
 * Prowler's CSV output (`prowler <provider> -M csv`): one row per resource
 * and check, passes included, semicolon-separated. Prowler 3 and 4.0 name the
 * scan time ASSESSMENT_START_TIME, the account ACCOUNT_ID/ACCOUNT_UID and the
 * resource RESOURCE_ARN/RESOURCE_ID/RESOURCE_UID; Prowler 4.x and 5 write
 * TIMESTAMP, ACCOUNT_UID, RESOURCE_UID and a MUTED column.
 */
async function* parseProwlerCsv(
  batches: AsyncIterable<CsvRow[]>,
  ctx: ImportContext,
): AsyncIterable<RecordItem<CheckResult>> {
  const scan = new ScanResults();
  for await (const rows of batches) {
    for (const { line, values } of rows) {
      const problems: string[] = [];
      const checkId = firstOf(values, ["check_id"]);
      if (checkId === null) problems.push("CHECK_ID is empty");
      const status = prowlerStatus(firstOf(values, ["status"]));
      if (typeof status === "string") problems.push(`STATUS: ${status}`);
      const severity = prowlerSeverity(firstOf(values, ["severity"]));
      if ("problem" in severity) problems.push(`SEVERITY: ${severity.problem}`);
      const time = checkedAtOf(firstOf(values, TIME), ctx, "TIMESTAMP or ASSESSMENT_START_TIME");
      if ("problem" in time) problems.push(time.problem);
      const asset = assetOf(firstOf(values, RESOURCE), firstOf(values, ACCOUNT), ctx);
      if (asset === null) problems.push("no RESOURCE_UID nor ACCOUNT_UID: give the asset with --target");
      const muted = mutedColumn(values.muted);
      if (typeof muted === "string") problems.push(muted);
      if (
        checkId === null ||
        typeof status === "string" ||
        "problem" in severity ||
        "problem" in time ||
        asset === null ||
        typeof muted === "string"
      ) {
        yield { line, problem: problems.join("; ") };
        continue;
      }
      scan.add({
        line,
        asset,
        checkId,
        checkedAt: time.at,
        status,
        muted,
        benchmark: null,
        profile: null,
        severity: severity.severity,
        title: firstOf(values, ["check_title"]),
        controls: parseComplianceText(firstOf(values, ["compliance"])),
      });
    }
  }
  yield* scan.items();
}

/** The MUTED column: True/False as Prowler writes it; absent or empty is not muted. */
export function mutedColumn(text: string | undefined): boolean | string {
  const word = text?.trim().toLowerCase() ?? "";
  if (word === "" || word === "false") return false;
  if (word === "true") return true;
  return `MUTED "${text}" is not True or False`;
}

function columns(sample: InputSample): string[] {
  return csvHeader(sample.head, PROWLER_SEPARATOR);
}

/** A semicolon header with a check id, a status, a check title, a scan time and a resource. */
export function detectProwlerCsv(sample: InputSample): boolean {
  const header = columns(sample);
  return (
    REQUIRED.every((name) => header.includes(name)) &&
    header.includes("check_title") &&
    TIME.some((name) => header.includes(name)) &&
    RESOURCE.some((name) => header.includes(name))
  );
}

export const prowlerCsv = defineImporter({
  id: "prowler-csv",
  title: "Prowler CSV check results (prowler -M csv; Prowler 3, 4, 5)",
  feed: PROWLER_FEED,
  kinds: [CHECK_RESULT.kind],
  detect: detectProwlerCsv,
  read: csvRows(REQUIRED, parseProwlerCsv, PROWLER_SEPARATOR),
});
