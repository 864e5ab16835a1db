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

const LEVEL_SEVERITY: Record<string, Severity> = {
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
 * is `fail` (the default) count; a result with an accepted suppression is
 * counted apart. Severity: `security-severity` (result, then rule) as a
 * CVSS-like score, else the level (result, then the rule's default, else
 * `warning`). Identity: `fingerprints`, else `partialFingerprints`, else
 * rule + location. A run without `results` (or whose invocation failed)
 * is incomplete: SARIF says the tool could not tell. Read whole: SARIF
 * logs are small in practice.
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
    tool: toolName.toLowerCase(),
    scan_type: classify(toolName, rules),
    target: str(run, "versionControlProvenance.0.repositoryUri") ?? str(run, "properties.imageName"),
    time: str(invocations, "0.startTimeUtc") ?? str(invocations, "0.endTimeUtc"),
    complete:
      Array.isArray(field(run, "results")) &&
      !invocations.some((item) => field(item, "executionSuccessful") === false),
  });

  const findings: Finding[] = [];
  const problems: { line: number; reason: string }[] = [];
  let suppressed = 0;
  for (const result of objects(run, "results")) {
    if ((str(result, "kind") ?? "fail") !== "fail") continue;
    if (isSuppressed(result)) {
      suppressed++;
      continue;
    }
    const ruleIndex = num(result, "ruleIndex") ?? num(result, "rule.index");
    const ruleId = ruleIdOf(result);
    const rule = (ruleIndex === null ? undefined : rules[ruleIndex]) ?? ruleById.get(ruleId ?? "");
    const id = ruleId ?? str(rule, "id") ?? "(no rule)";
    const level = str(result, "level") ?? str(rule, "defaultConfiguration.level") ?? "warning";
    const score = str(result, "properties.security-severity") ?? str(rule, "properties.security-severity");
    let severity: Severity | null = null;
    if (score !== null && Number.isFinite(Number(score))) severity = severityFromScore(Number(score));
    else if (LEVEL_SEVERITY[level]) severity = LEVEL_SEVERITY[level] ?? null;
    else problems.push({ line: 1, reason: `run ${index + 1}: ${id}: unknown level "${level}"` });
    const location = locationOf(result);
    let key = fingerprint(obj(result, "fingerprints")) ?? fingerprint(obj(result, "partialFingerprints"));
    if (key === null) {
      // Without fingerprints, rule + location; a repeat within the run (one
      // rule, one location, two packages) is told apart by its message.
      key = location ?? "";
      if (hasTwin(run, id, location, result)) key = identityOf(key, str(result, "message.text"));
    }
    findings.push(
      finding({
        identity: identityOf(scan.target, id, key),
        vulnerability_id: id,
        title: str(rule, "shortDescription.text") ?? str(result, "message.text"),
        severity,
        category: scan.scan_type,
        location,
        line: 1,
        attributes: textAttributes({ level, rule_name: str(rule, "name") }),
      }),
    );
  }
  return { scan, findings, suppressed, problems };
}

/** SARIF: a suppression whose status is absent or "accepted" hides the result; "underReview"/"rejected" do not. */
function isSuppressed(result: Json): boolean {
  return list(result, "suppressions").some((item) => {
    const status = str(item, "status");
    return status === null || status === "accepted";
  });
}

function classify(toolName: string, rules: Json[]): ScanType {
  if (DAST_TOOLS.test(toolName)) return "dast";
  if (DEPENDENCY_TOOLS.test(toolName)) return "dependency";
  const ids = rules.map((rule) => str(rule, "id") ?? "");
  if (ids.length > 0 && ids.every((id) => ADVISORY_ID.test(id))) return "dependency";
  return "sast";
}

/** The first fingerprint by key name, so the choice does not depend on key order. */
function fingerprint(prints: Json | undefined): string | null {
  const entries = Object.entries(prints ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [name, print] of entries) {
    const text = str(print);
    if (text !== null) return `${name}=${text}`;
  }
  return null;
}

function locationOf(result: Json): string | null {
  const uri = str(result, "locations.0.physicalLocation.artifactLocation.uri");
  const line = str(result, "locations.0.physicalLocation.region.startLine");
  return uri && line ? `${uri}:${line}` : uri;
}

function ruleIdOf(result: Json): string | null {
  return str(result, "ruleId") ?? str(result, "rule.id");
}

/** Whether another fingerprint-less result in the run has the same rule and location. */
function hasTwin(run: Json, id: string, location: string | null, self: Json): boolean {
  return objects(run, "results").some((other) => {
    if (other === self || field(other, "fingerprints") || field(other, "partialFingerprints")) return false;
    return ruleIdOf(other) === id && locationOf(other) === location;
  });
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
