import type { Readable } from "node:stream";
import type { Finding, ScanImport } from "../../domains/vulnerabilities/records.ts";
import { InvalidInputError } from "../../model/errors.ts";
import type { Severity } from "../../model/severity.ts";
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

const TOOL = "grype";

/** Grype's own words beyond the common scale: unrated stays unrated, negligible is informational. */
const GRYPE_WORDS: Record<string, Severity | null> = { unknown: null, negligible: "info" };

/**
 * `grype -o json`. Read whole: Grype reports are small in practice (one
 * entry per match, no embedded advisories).
 */
export async function parseGrype(input: Readable | string, ctx: ImportContext): Promise<ScanImport[]> {
  const doc = asObject(await readJsonDocument(input, ctx.file));
  if (!doc || !Array.isArray(doc.matches))
    throw new InvalidInputError(ctx.file, [{ line: 1, reason: "not a Grype JSON report: no matches[]" }]);
  const source = asObject(doc.source);
  const sourceTarget = source?.target;
  const target = asText(sourceTarget) ?? asText(asObject(sourceTarget)?.userInput);
  const scan = resolveScan(ctx, {
    tool: TOOL,
    scan_type: asText(source?.type) === "image" ? "container" : "dependency",
    target,
    time: asText(asObject(doc.descriptor)?.timestamp),
  });
  const problems: { line: number; reason: string }[] = [];
  const findings: Finding[] = [];
  for (const [index, raw] of doc.matches.entries()) {
    const match = asObject(raw);
    const vulnerability = asObject(match?.vulnerability);
    const artifact = asObject(match?.artifact);
    const id = asText(vulnerability?.id);
    if (!vulnerability || !artifact || !id) {
      problems.push({ line: 1, reason: `matches[${index}]: no vulnerability id or artifact` });
      continue;
    }
    const name = asText(artifact.name);
    const location = asText(asObject(asArray(artifact.locations)[0])?.path);
    const fix = asObject(vulnerability.fix);
    const word = asText(vulnerability.severity);
    findings.push(
      finding({
        // The purl without its version: an upgrade that is still vulnerable is not a fix.
        identity: identityOf(
          scan.target,
          id,
          packageKey(asText(artifact.purl), asText(artifact.type), name),
          location,
        ),
        vulnerability_id: id,
        severity:
          word === null
            ? null
            : word.toLowerCase() in GRYPE_WORDS
              ? (GRYPE_WORDS[word.toLowerCase()] ?? null)
              : severityWord(word, 1, problems),
        category: scan.scan_type,
        package_name: name,
        package_version: asText(artifact.version),
        fixed_version: asText(fix?.state) === "fixed" ? asText(asArray(fix?.versions)[0]) : null,
        location,
        line: 1,
        attributes: { ...(asText(artifact.purl) ? { purl: asText(artifact.purl) as string } : {}) },
      }),
    );
  }
  return [{ scan, findings, suppressed: asArray(doc.ignoredMatches).length, problems }];
}

function packageKey(purl: string | null, type: string | null, name: string | null): string | null {
  if (purl) return purl.replace(/[?#].*$/, "").replace(/@[^/@]*$/, "");
  return name === null ? null : `${type ?? ""}/${name}`;
}

export function detectGrype(sample: InputSample): boolean {
  const text = sampleText(sample);
  return (
    text.startsWith("{") &&
    /"matches"\s*:/.test(text) &&
    /"matchDetails"|"descriptor"\s*:\s*\{\s*"name"\s*:\s*"grype"/.test(text)
  );
}

export const grypeImporter = defineScanImporter({
  id: "grype",
  title: "Grype JSON report (grype -o json)",
  detect: detectGrype,
  parse: parseGrype,
});
