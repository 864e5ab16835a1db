import { basename } from "node:path";
import { CHECK_RESULT, type CheckResult } from "../../domains/compliance-checks/records.ts";
import { defineImporter } from "../define-importer.ts";
import type { ImportContext, InputSample, RecordItem } from "../importer.ts";
import type { CsvRow } from "../shared/csv.ts";
import { csvHeader, csvRows } from "../shared/readers.ts";
import { assetOf, checkedAtOf, PROWLER_FEED, prowlerStatus, ScanResults } from "./check-results.ts";
import { firstOf, mutedColumn, PROWLER_SEPARATOR } from "./prowler-csv.ts";

const REQUIRED = ["requirements_id", "status", "checkid"];
/** What each provider calls the scanned account. */
const ACCOUNT = ["accountid", "subscriptionid", "projectid", "tenantid", "context", "domain"];
/**
 * The row of a requirement Prowler cannot check: written with this check id
 * (and resource "manual_check"). It says nothing of any resource.
 */
const MANUAL_CHECK = "manual";

/**
 * Prowler's compliance CSV (`prowler <provider> --compliance cis_3.0_aws`
 * writes `output/compliance/<name>_<framework>.csv`): one row per
 * requirement, check and resource. Rows of the same resource and check are
 * one result whose controls gather the framework's requirement ids; CIS's
 * Requirements_Attributes_Profile ("Level 1", "Level 2") is the profile, so
 * `compliance_checks.profile_tiers` can make Level 1 a baseline.
 */
async function* parseProwlerCompliance(
  batches: AsyncIterable<CsvRow[]>,
  ctx: ImportContext,
): AsyncIterable<RecordItem<CheckResult>> {
  const scan = new ScanResults();
  const fileFramework = frameworkOfFile(ctx.file);
  for await (const rows of batches) {
    for (const { line, values } of rows) {
      const checkId = firstOf(values, ["checkid"]);
      if (checkId?.toLowerCase() === MANUAL_CHECK) continue;
      const problems: string[] = [];
      const requirement = firstOf(values, ["requirements_id"]);
      if (requirement === null) problems.push("REQUIREMENTS_ID is empty");
      if (checkId === null) problems.push("CHECKID is empty");
      const status = prowlerStatus(firstOf(values, ["status"]));
      if (typeof status === "string") problems.push(`STATUS: ${status}`);
      const time = checkedAtOf(firstOf(values, ["assessmentdate"]), ctx, "ASSESSMENTDATE");
      if ("problem" in time) problems.push(time.problem);
      const asset = assetOf(firstOf(values, ["resourceid"]), firstOf(values, ACCOUNT), ctx);
      if (asset === null) problems.push("no RESOURCEID nor ACCOUNTID: give the asset with --target");
      const muted = mutedColumn(values.muted);
      if (typeof muted === "string") problems.push(muted);
      if (
        requirement === null ||
        checkId === null ||
        typeof status === "string" ||
        "problem" in time ||
        asset === null ||
        typeof muted === "string"
      ) {
        yield { line, problem: problems.join("; ") };
        continue;
      }
      // Prowler 4 and 5 name the framework on each row; Prowler 3 only in the file name.
      const framework = firstOf(values, ["name", "framework"]) ?? fileFramework;
      scan.add({
        line,
        asset,
        checkId,
        checkedAt: time.at,
        status,
        muted,
        benchmark: framework,
        profile: firstOf(values, ["requirements_attributes_profile"]),
        severity: null,
        title: null,
        controls: { [framework]: [requirement] },
      });
    }
  }
  yield* scan.items();
}

/**
 * The framework a file is of, by its name: Prowler names it
 * `<output name>_<framework>.csv` (`prowler-output-111122223333-20240701060005_cis_3.0_aws.csv`),
 * and its default output names have no underscore.
 */
function frameworkOfFile(file: string): string {
  const stem = basename(file).replace(/\.csv$/i, "");
  const underscore = stem.indexOf("_");
  return underscore > 0 && underscore < stem.length - 1 ? stem.slice(underscore + 1) : stem;
}

/** A semicolon header with a requirement id, a check id, a status and an assessment date. */
export function detectProwlerCompliance(sample: InputSample): boolean {
  const header = csvHeader(sample.head, PROWLER_SEPARATOR);
  return REQUIRED.every((name) => header.includes(name)) && header.includes("assessmentdate");
}

export const prowlerComplianceCsv = defineImporter({
  id: "prowler-compliance-csv",
  title: "Prowler compliance CSV (prowler --compliance <framework>: output/compliance/*.csv)",
  feed: PROWLER_FEED,
  kinds: [CHECK_RESULT.kind],
  detect: detectProwlerCompliance,
  read: csvRows(REQUIRED, parseProwlerCompliance, PROWLER_SEPARATOR),
});
