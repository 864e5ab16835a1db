import type { Readable } from "node:stream";
import type { Finding, ScanImport } from "../../domains/vulnerabilities/records.ts";
import { InvalidInputError } from "../../model/errors.ts";
import type { ImportContext, InputSample } from "../importer.ts";
import {
  asArray,
  asObject,
  asText,
  defineScanImporter,
  finding,
  identityOf,
  readJsonDocument,
  resolveScan,
  sampleText,
  severityWord,
} from "../shared/scan-input.ts";

const TOOL = "npm-audit";

/**
 * `npm audit --json`, auditReportVersion 2. One finding per (package,
 * advisory): a `via` entry that is an object is an advisory against that
 * package, either in the current shape (`source`, `url`, `range`) or the
 * older one (`id`, `vulnerable_versions`); a `via` entry that is a string
 * only says the package depends on another vulnerable one, which has its
 * own entry. The report names neither the project nor the time: both come
 * from `--target` / `--scanned-at`. Read whole: audit reports are small.
 */
export async function parseNpmAudit(input: Readable | string, ctx: ImportContext): Promise<ScanImport[]> {
  const doc = asObject(await readJsonDocument(input, ctx.file));
  const fail = (reason: string): never => {
    throw new InvalidInputError(ctx.file, [{ line: 1, reason }]);
  };
  if (!doc) return fail("not an npm audit report: expected an object");
  const error = asObject(doc.error);
  if (error) fail(`npm audit failed: ${asText(error.summary) ?? asText(error.code) ?? "unknown error"}`);
  if (doc.auditReportVersion !== 2)
    fail(`auditReportVersion ${String(doc.auditReportVersion ?? "missing")}: only 2 is supported`);
  const vulnerabilities = asObject(doc.vulnerabilities) ?? fail("no vulnerabilities object");
  const scan = resolveScan(ctx, { tool: TOOL, scan_type: "dependency", target: null, time: null });
  const problems: { line: number; reason: string }[] = [];
  const findings: Finding[] = [];
  for (const [name, raw] of Object.entries(vulnerabilities)) {
    const entry = asObject(raw);
    if (!entry) continue;
    const packageName = asText(entry.name) ?? name;
    const fix = asObject(entry.fixAvailable);
    for (const via of asArray(entry.via)) {
      const advisory = asObject(via);
      if (!advisory) continue;
      const url = asText(advisory.url);
      const number = asText(advisory.source) ?? asText(advisory.id);
      const id = url?.match(/GHSA-[\w-]+/i)?.[0] ?? (number ? `npm:${number}` : null);
      if (!id) {
        problems.push({ line: 1, reason: `${name}: an advisory without source, id or url` });
        continue;
      }
      const word = asText(advisory.severity);
      findings.push(
        finding({
          identity: identityOf(scan.target, id, packageName),
          vulnerability_id: id,
          title: asText(advisory.title),
          severity: word === null ? null : severityWord(word, 1, problems),
          category: "dependency",
          package_name: packageName,
          fixed_version: fix && asText(fix.name) === packageName ? asText(fix.version) : null,
          location: asText(asArray(entry.nodes)[0]),
          direct: typeof entry.isDirect === "boolean" ? entry.isDirect : null,
          line: 1,
          attributes: Object.fromEntries(
            Object.entries({
              url,
              range: asText(advisory.range) ?? asText(advisory.vulnerable_versions),
            }).filter((pair): pair is [string, string] => pair[1] !== null),
          ),
        }),
      );
    }
  }
  return [{ scan, findings, suppressed: 0, problems }];
}

export function detectNpmAudit(sample: InputSample): boolean {
  const text = sampleText(sample);
  return text.startsWith("{") && /"auditReportVersion"\s*:\s*2/.test(text);
}

export const npmAuditImporter = defineScanImporter({
  id: "npm-audit",
  title: "npm audit --json (auditReportVersion 2)",
  detect: detectNpmAudit,
  parse: parseNpmAudit,
});
