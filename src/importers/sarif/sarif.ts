import type { Readable } from "node:stream";
import type { Finding, ScanImport, ScanType } from "../../domains/vulnerabilities/records.ts";
import { InvalidInputError } from "../../model/errors.ts";
import { type Severity, severityFromScore } from "../../model/severity.ts";
import type { ImportContext, InputSample } from "../importer.ts";
import {
  asArray,
  asObject,
  asText,
  defineScanImporter,
  finding,
  identityOf,
  type Json,
  readJsonDocument,
  resolveScan,
  sampleText,
} from "../shared/scan-input.ts";

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
  const doc = asObject(await readJsonDocument(input, ctx.file));
  const fail = (reason: string): never => {
    throw new InvalidInputError(ctx.file, [{ line: 1, reason }]);
  };
  if (!doc) return fail("not a SARIF log: expected an object");
  if (asText(doc.version) !== "2.1.0")
    fail(`SARIF version ${String(doc.version ?? "missing")}: only 2.1.0 is supported`);
  const runs = asArray(doc.runs);
  if (runs.length === 0) fail("the SARIF log has no runs");
  return runs.map((raw, index) => parseRun(asObject(raw) ?? {}, index, ctx));
}

function parseRun(run: Json, index: number, ctx: ImportContext): ScanImport {
  const driver = asObject(asObject(run.tool)?.driver) ?? {};
  const toolName = asText(driver.name) ?? `sarif-run-${index + 1}`;
  const rules = asArray(driver.rules).map((rule) => asObject(rule) ?? {});
  const ruleById = new Map(rules.map((rule) => [asText(rule.id) ?? "", rule]));
  const invocations = asArray(run.invocations).map((item) => asObject(item) ?? {});
  const properties = asObject(run.properties);
  const scan = resolveScan(ctx, {
    tool: toolName.toLowerCase(),
    scan_type: classify(toolName, rules),
    target:
      asText(asObject(asArray(run.versionControlProvenance)[0])?.repositoryUri) ??
      asText(properties?.imageName) ??
      null,
    time: asText(invocations[0]?.startTimeUtc) ?? asText(invocations[0]?.endTimeUtc),
    complete: Array.isArray(run.results) && !invocations.some((item) => item.executionSuccessful === false),
  });

  const findings: Finding[] = [];
  const problems: { line: number; reason: string }[] = [];
  let suppressed = 0;
  for (const raw of asArray(run.results)) {
    const result = asObject(raw);
    if (!result) continue;
    if ((asText(result.kind) ?? "fail") !== "fail") continue;
    if (isSuppressed(result)) {
      suppressed++;
      continue;
    }
    const ruleRef = asObject(result.rule);
    const ruleIndex = typeof result.ruleIndex === "number" ? result.ruleIndex : ruleRef?.index;
    const ruleId = asText(result.ruleId) ?? asText(ruleRef?.id);
    const rule = (typeof ruleIndex === "number" ? rules[ruleIndex] : undefined) ?? ruleById.get(ruleId ?? "");
    const id = ruleId ?? asText(rule?.id) ?? "(no rule)";
    const level = asText(result.level) ?? asText(asObject(rule?.defaultConfiguration)?.level) ?? "warning";
    const score =
      asText(asObject(result.properties)?.["security-severity"]) ??
      asText(asObject(rule?.properties)?.["security-severity"]);
    let severity: Severity | null = null;
    if (score !== null && Number.isFinite(Number(score))) severity = severityFromScore(Number(score));
    else if (LEVEL_SEVERITY[level]) severity = LEVEL_SEVERITY[level] ?? null;
    else problems.push({ line: 1, reason: `run ${index + 1}: ${id}: unknown level "${level}"` });
    const location = locationOf(result);
    let key = fingerprint(result.fingerprints) ?? fingerprint(result.partialFingerprints);
    if (key === null) {
      // Without fingerprints, rule + location; a repeat within the run (one
      // rule, one location, two packages) is told apart by its message.
      key = location ?? "";
      if (hasTwin(run, id, location, result)) key = identityOf(key, asText(asObject(result.message)?.text));
    }
    findings.push(
      finding({
        identity: identityOf(scan.target, id, key),
        vulnerability_id: id,
        title: asText(asObject(rule?.shortDescription)?.text) ?? asText(asObject(result.message)?.text),
        severity,
        category: scan.scan_type,
        location,
        line: 1,
        attributes: { level, ...(asText(rule?.name) ? { rule_name: asText(rule?.name) as string } : {}) },
      }),
    );
  }
  return { scan, findings, suppressed, problems };
}

/** SARIF: a suppression whose status is absent or "accepted" hides the result; "underReview"/"rejected" do not. */
function isSuppressed(result: Json): boolean {
  return asArray(result.suppressions).some((item) => {
    const status = asText(asObject(item)?.status);
    return status === null || status === "accepted";
  });
}

function classify(toolName: string, rules: Json[]): ScanType {
  if (DAST_TOOLS.test(toolName)) return "dast";
  if (DEPENDENCY_TOOLS.test(toolName)) return "dependency";
  const ids = rules.map((rule) => asText(rule.id) ?? "");
  if (ids.length > 0 && ids.every((id) => ADVISORY_ID.test(id))) return "dependency";
  return "sast";
}

/** The first fingerprint by key name, so the choice does not depend on key order. */
function fingerprint(value: unknown): string | null {
  const entries = Object.entries(asObject(value) ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [name, print] of entries) {
    const text = asText(print);
    if (text !== null) return `${name}=${text}`;
  }
  return null;
}

function locationOf(result: Json): string | null {
  const physical = asObject(asObject(asArray(result.locations)[0])?.physicalLocation);
  const uri = asText(asObject(physical?.artifactLocation)?.uri);
  const line = asText(asObject(physical?.region)?.startLine);
  return uri && line ? `${uri}:${line}` : uri;
}

/** Whether another fingerprint-less result in the run has the same rule and location. */
function hasTwin(run: Json, id: string, location: string | null, self: Json): boolean {
  return asArray(run.results).some((raw) => {
    const other = asObject(raw);
    if (!other || other === self || other.fingerprints || other.partialFingerprints) return false;
    const otherId = asText(other.ruleId) ?? asText(asObject(other.rule)?.id);
    return otherId === id && locationOf(other) === location;
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

export const sarifImporter = defineScanImporter({
  id: "sarif",
  title: "SARIF 2.1.0 (CodeQL, Semgrep, Trivy, Grype, ...)",
  detect: detectSarif,
  parse: parseSarif,
});
