import type { Readable } from "node:stream";
import type { Finding, ScanImport, ScanType } from "../../domains/vulnerabilities/records.ts";
import { InvalidInputError } from "../../model/errors.ts";
import { type Severity, severityFromScore } from "../../model/severity.ts";
import { defineImporter } from "../define-importer.ts";
import type { ImportContext, InputSample } from "../importer.ts";
import { field, type Json, list, num, obj, objects, str, textAttributes } from "../shared/fields.ts";
import { readJsonDocument } from "../shared/json.ts";
import { scanReport } from "../shared/readers.ts";
import { finding, identityOf, resolveScan, SCAN_KINDS, sampleText } from "../shared/scan-input.ts";
import { artifactPath, regionOf } from "./sarif-location.ts";

/** SARIF result levels, which GitHub code scanning also uses as its rule severity. */
export const LEVEL_SEVERITY: Record<string, Severity> = {
  error: "high",
  warning: "medium",
  note: "low",
  none: "info",
};
const DAST_TOOLS =
  /\b(zap|owasp zap|zaproxy|burp|nuclei|arachni|w3af|nikto|wapiti|stackhawk|hawkscan|dast)\b/i;
const DEPENDENCY_TOOLS =
  /\b(trivy|grype|osv-scanner|osv scanner|snyk|dependabot|dependency-check|npm audit|retire\.?js|safety|pip-audit|govulncheck|bundler-audit|cargo-audit)\b/i;
const ADVISORY_ID = /^(CVE|GHSA|GO|RUSTSEC|PYSEC|OSV|GMS|SNYK)-/i;

/**
 * SARIF 2.1.0 from any tool, one scan per run. Only results whose `kind`
 * is `fail` (the default) count; one with an accepted suppression is a
 * finding with status `suppressed`, which the KPIs count apart, so what was
 * suppressed, where and why stays visible. Severity: `security-severity`
 * (result, then rule) as a CVSS-like score, else the level (result, then
 * the rule's default, else `warning`). Identity: rule, file and
 * `primaryLocationLineHash` or region. A run without `results` (or whose
 * invocation failed) is incomplete: SARIF says the tool could not tell.
 * Read whole: SARIF logs are small in practice.
 */
export async function parseSarif(input: Readable | string, ctx: ImportContext): Promise<ScanImport[]> {
  const doc = obj(await readJsonDocument(input, ctx.file));
  const fail = (reason: string): never => {
    throw new InvalidInputError(ctx.file, [{ line: 1, reason }]);
  };
  if (!doc) return fail("not a SARIF log: expected an object");
  if (str(doc, "version") !== "2.1.0")
    fail(`SARIF version ${String(field(doc, "version") ?? "missing")}: only 2.1.0 is supported`);
  const runs = list(doc, "runs");
  if (runs.length === 0) fail("the SARIF log has no runs");
  return runs.map((raw, index) => parseRun(obj(raw) ?? {}, index, ctx));
}

function parseRun(run: Json, index: number, ctx: ImportContext): ScanImport {
  const toolName = str(run, "tool.driver.name") ?? `sarif-run-${index + 1}`;
  const rules = list(run, "tool.driver.rules").map((rule) => obj(rule) ?? {});
  const ruleById = new Map(rules.map((rule) => [str(rule, "id") ?? "", rule]));
  const invocations = list(run, "invocations");
  const scan = resolveScan(ctx, {
    tool: [toolName.toLowerCase(), categoryOf(run)].filter(Boolean).join(" "),
    scan_type: classify(toolName, rules),
    target: str(run, "versionControlProvenance.0.repositoryUri") ?? str(run, "properties.imageName"),
    time: str(invocations, "0.startTimeUtc") ?? str(invocations, "0.endTimeUtc"),
    complete:
      Array.isArray(field(run, "results")) &&
      !invocations.some((item) => field(item, "executionSuccessful") === false),
  });

  const findings: Finding[] = [];
  const problems: { line: number; reason: string }[] = [];
  const counted = objects(run, "results").filter((result) => (str(result, "kind") ?? "fail") === "fail");
  const entries = counted.map((result) => {
    const ruleIndex = num(result, "ruleIndex") ?? num(result, "rule.index");
    const rule = (ruleIndex === null ? undefined : rules[ruleIndex]) ?? ruleById.get(ruleIdOf(result) ?? "");
    const id = ruleIdOf(result) ?? str(rule, "id") ?? "(no rule)";
    const path = artifactPath(run, result);
    // GitHub code scanning matches an alert across runs on the rule, the file
    // and `partialFingerprints.primaryLocationLineHash`, the one fingerprint
    // it uses: CodeQL hashes the line's text, so identical lines in two files
    // share a hash. Without one, the region stands in for it.
    const hash = str(result, "partialFingerprints.primaryLocationLineHash");
    return { result, rule, id, path, key: identityOf(id, path, hash ?? regionOf(result)) };
  });
  const seen = new Map<string, number>();
  for (const { key } of entries) seen.set(key, (seen.get(key) ?? 0) + 1);
  for (const { result, rule, id, path, key } of entries) {
    const level = str(result, "level") ?? str(rule, "defaultConfiguration.level") ?? "warning";
    const score = str(result, "properties.security-severity") ?? str(rule, "properties.security-severity");
    let severity: Severity | null = null;
    if (score !== null && Number.isFinite(Number(score))) severity = severityFromScore(Number(score));
    else if (LEVEL_SEVERITY[level]) severity = LEVEL_SEVERITY[level] ?? null;
    else problems.push({ line: 1, reason: `run ${index + 1}: ${id}: unknown level "${level}"` });
    const startLine = str(result, "locations.0.physicalLocation.region.startLine");
    const suppression = acceptedSuppression(result);
    findings.push(
      finding({
        // Two results the key cannot tell apart (one rule, one region, two
        // packages in Trivy's SARIF) are told apart by their message.
        identity:
          (seen.get(key) ?? 0) > 1
            ? identityOf(scan.target, key, str(result, "message.text"))
            : identityOf(scan.target, key),
        vulnerability_id: id,
        title: str(rule, "shortDescription.text") ?? str(result, "message.text"),
        severity,
        category: scan.scan_type,
        location: path && startLine ? `${path}:${startLine}` : path,
        status: suppression ? "suppressed" : "open",
        status_reason: suppression
          ? (str(suppression, "justification") ?? `${str(suppression, "kind") ?? "unnamed"} suppression`)
          : null,
        line: 1,
        attributes: textAttributes({ level, rule_name: str(rule, "name") }),
      }),
    );
  }
  return { scan, findings, suppressed: 0, problems };
}

/**
 * SARIF: a suppression whose status is absent or "accepted" suppresses the
 * result; one "underReview" or "rejected" does not.
 */
function acceptedSuppression(result: Json): Json | undefined {
  return objects(result, "suppressions").find((item) => {
    const status = str(item, "status");
    return status === null || status === "accepted";
  });
}

/**
 * GitHub code scanning keeps the analyses of one tool apart by category:
 * `automationDetails.id` up to its last "/" (an id without one is a run id
 * alone). CodeQL uploads one run per language, and a scan of one language
 * must not fix the findings of another, so the category belongs to the tool.
 */
function categoryOf(run: Json): string {
  const id = str(run, "automationDetails.id") ?? "";
  return id.includes("/") ? id.slice(0, id.lastIndexOf("/")) : "";
}

function classify(toolName: string, rules: Json[]): ScanType {
  if (DAST_TOOLS.test(toolName)) return "dast";
  if (DEPENDENCY_TOOLS.test(toolName)) return "dependency";
  const ids = rules.map((rule) => str(rule, "id") ?? "");
  if (ids.length > 0 && ids.every((id) => ADVISORY_ID.test(id))) return "dependency";
  return "sast";
}

function ruleIdOf(result: Json): string | null {
  return str(result, "ruleId") ?? str(result, "rule.id");
}

export function detectSarif(sample: InputSample): boolean {
  const text = sampleText(sample);
  return (
    text.startsWith("{") &&
    /"runs"\s*:/.test(text) &&
    (/sarif/i.test(text.slice(0, 2000)) || /"version"\s*:\s*"2\.1\.0"/.test(text))
  );
}

export const sarifImporter = defineImporter({
  id: "sarif",
  title: "SARIF 2.1.0 (CodeQL, Semgrep, Trivy, Grype, ...)",
  kinds: SCAN_KINDS,
  detect: detectSarif,
  read: scanReport(parseSarif),
});
