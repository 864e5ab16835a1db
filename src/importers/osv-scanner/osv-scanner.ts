import type { Readable } from "node:stream";
import type { Finding, ScanImport } from "../../domains/vulnerabilities/records.ts";
import { InvalidInputError } from "../../model/errors.ts";
import { type Severity, severityFromScore, severityRank } from "../../model/severity.ts";
import { defineImporter } from "../define-importer.ts";
import type { ImportContext, InputSample } from "../importer.ts";
import { field, type Json, list, objects, str, texts } from "../shared/fields.ts";
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

const TOOL = "osv-scanner";

/**
 * `osv-scanner --format json`. One finding per source, package version and
 * alias group (`groups[].ids`), as OSV-Scanner counts them in its summary:
 * GHSA-x and GO-y describing the same flaw are one finding, not two; two
 * versions of a package are two (two upgrades); the same version listed
 * twice in one source is one; each lockfile is upgraded on its own, so a
 * package in two lockfiles is two. The report names neither the project nor
 * the time: both come from `--target` / `--scanned-at`. Read whole: reports are small.
 */
export async function parseOsvScanner(input: Readable | string, ctx: ImportContext): Promise<ScanImport[]> {
  const doc = await readJsonDocument(input, ctx.file);
  if (!Array.isArray(field(doc, "results")))
    throw new InvalidInputError(ctx.file, [{ line: 1, reason: "not an OSV-Scanner report: no results[]" }]);
  const scan = resolveScan(ctx, { tool: TOOL, scan_type: "dependency", target: null, time: null });
  const problems: { line: number; reason: string }[] = [];
  const findings = new Map<string, Finding>();
  for (const result of list(doc, "results")) {
    const sourcePath = str(result, "source.path");
    for (const entry of list(result, "packages")) {
      const name = str(entry, "package.name");
      const version = str(entry, "package.version");
      const vulns = objects(entry, "vulnerabilities");
      const byId = new Map(vulns.map((v) => [str(v, "id") ?? "", v]));
      const groups = objects(entry, "groups");
      const sets = groups.length > 0 ? groups : vulns.map((v) => ({ ids: [v.id] }));
      for (const group of sets) {
        const ids = texts(group, "ids");
        const members = ids.map((id) => byId.get(id)).filter((v): v is Json => v !== undefined);
        const id = preferredId([...ids, ...texts(group, "aliases")]);
        if (!id) {
          problems.push({ line: 1, reason: `${sourcePath}: ${name}: a vulnerability group without ids` });
          continue;
        }
        const identity = identityOf(
          scan.target,
          id,
          `${str(entry, "package.ecosystem") ?? ""}/${name ?? ""}`,
          version,
          sourcePath,
        );
        // OSV-Scanner keeps the first entry of a package version a source lists twice.
        if (findings.has(identity)) continue;
        findings.set(
          identity,
          finding({
            identity,
            vulnerability_id: id,
            title: str(members[0], "summary"),
            severity: groupSeverity(group, members, problems),
            category: "dependency",
            package_name: name,
            package_version: version,
            fixed_version: fixedVersion(members, name),
            location: sourcePath,
            line: 1,
            attributes: { ids: ids.join(",") },
          }),
        );
      }
    }
  }
  return [{ scan, findings: [...findings.values()], suppressed: 0, problems }];
}

/** A CVE when the group has one (the id other tools use), else the first GHSA, else the first id. */
function preferredId(ids: string[]): string | undefined {
  return ids.find((id) => id.startsWith("CVE-")) ?? ids.find((id) => id.startsWith("GHSA-")) ?? ids[0];
}

/**
 * `max_severity` (a CVSS score) when OSV-Scanner computed it, else the
 * highest GHSA-style word among the group; none means unrated, as
 * OSV-Scanner itself reports it ("Unknown").
 */
function groupSeverity(
  group: Json,
  members: Json[],
  problems: { line: number; reason: string }[],
): Severity | null {
  const score = str(group, "max_severity");
  if (score !== null && Number.isFinite(Number(score))) return severityFromScore(Number(score));
  let worst: Severity | null = null;
  for (const member of members) {
    const word = str(member, "database_specific.severity");
    const severity = word === null ? null : severityWord(word, 1, problems);
    if (severity && (worst === null || severityRank(severity) < severityRank(worst))) worst = severity;
  }
  return worst;
}

function fixedVersion(members: Json[], name: string | null): string | null {
  for (const member of members) {
    for (const affected of list(member, "affected")) {
      if (str(affected, "package.name") !== name) continue;
      for (const range of list(affected, "ranges")) {
        for (const event of list(range, "events")) {
          const fixed = str(event, "fixed");
          if (fixed) return fixed;
        }
      }
    }
  }
  return null;
}

export function detectOsvScanner(sample: InputSample): boolean {
  const text = sampleText(sample);
  return (
    text.startsWith("{") &&
    /"results"\s*:/.test(text) &&
    /"packages"\s*:/.test(text) &&
    /"source"\s*:/.test(text)
  );
}

export const osvScannerImporter = defineImporter({
  id: "osv-scanner",
  title: "OSV-Scanner JSON results",
  kinds: SCAN_KINDS,
  detect: detectOsvScanner,
  read: scanReport(parseOsvScanner),
});
