import type { Readable } from "node:stream";
import type { Finding, ScanImport } from "../../domains/vulnerabilities/records.ts";
import { InvalidInputError } from "../../model/errors.ts";
import { type Severity, severityFromScore, severityRank } from "../../model/severity.ts";
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
  severityWord,
} from "../shared/scan-input.ts";

const TOOL = "osv-scanner";

/**
 * `osv-scanner --format json`. One finding per package and alias group
 * (`groups[].ids`): GHSA-x and GO-y describing the same flaw are one
 * finding, not two. The report names neither the project nor the time:
 * both come from `--target` / `--scanned-at`. Read whole: reports are small.
 */
export async function parseOsvScanner(input: Readable | string, ctx: ImportContext): Promise<ScanImport[]> {
  const doc = asObject(await readJsonDocument(input, ctx.file));
  if (!doc || !Array.isArray(doc.results))
    throw new InvalidInputError(ctx.file, [{ line: 1, reason: "not an OSV-Scanner report: no results[]" }]);
  const scan = resolveScan(ctx, { tool: TOOL, scan_type: "dependency", target: null, time: null });
  const problems: { line: number; reason: string }[] = [];
  const findings: Finding[] = [];
  for (const rawResult of doc.results) {
    const result = asObject(rawResult);
    const sourcePath = asText(asObject(result?.source)?.path);
    for (const rawPackage of asArray(result?.packages)) {
      const entry = asObject(rawPackage);
      const pkg = asObject(entry?.package);
      const name = asText(pkg?.name);
      const vulns = asArray(entry?.vulnerabilities)
        .map(asObject)
        .filter((v): v is Json => v !== undefined);
      const byId = new Map(vulns.map((v) => [asText(v.id) ?? "", v]));
      const groups = asArray(entry?.groups)
        .map(asObject)
        .filter((g): g is Json => g !== undefined);
      const sets = groups.length > 0 ? groups : vulns.map((v) => ({ ids: [v.id] }) as Json);
      for (const group of sets) {
        const ids = asArray(group.ids)
          .map(asText)
          .filter((id): id is string => id !== null);
        const members = ids.map((id) => byId.get(id)).filter((v): v is Json => v !== undefined);
        const id = preferredId([
          ...ids,
          ...asArray(group.aliases)
            .map(asText)
            .filter((a): a is string => a !== null),
        ]);
        if (!id) {
          problems.push({ line: 1, reason: `${sourcePath}: ${name}: a vulnerability group without ids` });
          continue;
        }
        findings.push(
          finding({
            identity: identityOf(
              scan.target,
              id,
              `${asText(pkg?.ecosystem) ?? ""}/${name ?? ""}`,
              sourcePath,
            ),
            vulnerability_id: id,
            title: asText(members[0]?.summary),
            severity: groupSeverity(group, members, problems),
            category: "dependency",
            package_name: name,
            package_version: asText(pkg?.version),
            fixed_version: fixedVersion(members, name),
            location: sourcePath,
            line: 1,
            attributes: { ids: ids.join(",") },
          }),
        );
      }
    }
  }
  return [{ scan, findings, suppressed: 0, problems }];
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
  const score = asText(group.max_severity);
  if (score !== null && Number.isFinite(Number(score))) return severityFromScore(Number(score));
  let worst: Severity | null = null;
  for (const member of members) {
    const word = asText(asObject(member.database_specific)?.severity);
    const severity = word === null ? null : severityWord(word, 1, problems);
    if (severity && (worst === null || severityRank(severity) < severityRank(worst))) worst = severity;
  }
  return worst;
}

function fixedVersion(members: Json[], name: string | null): string | null {
  for (const member of members) {
    for (const affected of asArray(member.affected).map(asObject)) {
      if (asText(asObject(affected?.package)?.name) !== name) continue;
      for (const range of asArray(affected?.ranges).map(asObject)) {
        for (const event of asArray(range?.events).map(asObject)) {
          const fixed = asText(event?.fixed);
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

export const osvScannerImporter = defineScanImporter({
  id: "osv-scanner",
  title: "OSV-Scanner JSON results",
  detect: detectOsvScanner,
  parse: parseOsvScanner,
});
