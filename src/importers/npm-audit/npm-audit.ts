import type { Readable } from "node:stream";
import type { Finding, ScanImport } from "../../domains/vulnerabilities/records.ts";
import { InvalidInputError } from "../../model/errors.ts";
import { defineImporter } from "../define-importer.ts";
import type { ImportContext, InputSample, NearMatch } from "../importer.ts";
import { bool, field, obj, objects, str, textAttributes } from "../shared/fields.ts";
import { readJsonDocument } from "../shared/json.ts";
import { scanReport } from "../shared/readers.ts";
import {
  finding,
  identityOf,
  resolveScan,
  SCAN_KINDS,
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
  const doc = obj(await readJsonDocument(input, ctx.file));
  const fail = (reason: string): never => {
    throw new InvalidInputError(ctx.file, [{ line: 1, reason }]);
  };
  if (!doc) return fail("not an npm audit report: expected an object");
  if (obj(doc, "error"))
    fail(`npm audit failed: ${str(doc, "error.summary") ?? str(doc, "error.code") ?? "unknown error"}`);
  if (field(doc, "auditReportVersion") !== 2)
    fail(`auditReportVersion ${String(field(doc, "auditReportVersion") ?? "missing")}: only 2 is supported`);
  const vulnerabilities = obj(doc, "vulnerabilities") ?? fail("no vulnerabilities object");
  const scan = resolveScan(ctx, { tool: TOOL, scan_type: "dependency", target: null, time: null });
  const problems: { line: number; reason: string }[] = [];
  const findings: Finding[] = [];
  for (const [name, entry] of Object.entries(vulnerabilities)) {
    if (!obj(entry)) continue;
    const packageName = str(entry, "name") ?? name;
    const fix = obj(entry, "fixAvailable");
    for (const advisory of objects(entry, "via")) {
      const url = str(advisory, "url");
      const number = str(advisory, "source") ?? str(advisory, "id");
      const id = url?.match(/GHSA-[\w-]+/i)?.[0] ?? (number ? `npm:${number}` : null);
      if (!id) {
        problems.push({ line: 1, reason: `${name}: an advisory without source, id or url` });
        continue;
      }
      const word = str(advisory, "severity");
      findings.push(
        finding({
          identity: identityOf(scan.target, id, packageName),
          vulnerability_id: id,
          title: str(advisory, "title"),
          severity: word === null ? null : severityWord(word, 1, problems),
          category: "dependency",
          package_name: packageName,
          fixed_version: fix && str(fix, "name") === packageName ? str(fix, "version") : null,
          location: str(entry, "nodes.0"),
          direct: bool(entry, "isDirect"),
          line: 1,
          attributes: textAttributes({
            url,
            range: str(advisory, "range") ?? str(advisory, "vulnerable_versions"),
          }),
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

/** Top-level keys of npm 6's `npm audit --json`, which predates `auditReportVersion`. */
const NPM6_KEYS = ["actions", "advisories", "muted", "metadata"];

/** npm 6's report: the same tool, another shape, which a failed detection should name. */
export function nearNpmAudit(sample: InputSample): NearMatch | undefined {
  const text = sampleText(sample);
  if (!text.startsWith("{") || detectNpmAudit(sample)) return undefined;
  const known = NPM6_KEYS.filter((key) => new RegExp(`"${key}"\\s*:`).test(text)).length;
  return { known, missing: ["auditReportVersion 2 (npm 7 or later writes it)"], of: "field" };
}

export const npmAuditImporter = defineImporter({
  id: "npm-audit",
  title: "npm audit --json (auditReportVersion 2)",
  kinds: SCAN_KINDS,
  detect: detectNpmAudit,
  near: nearNpmAudit,
  read: scanReport(parseNpmAudit),
});
