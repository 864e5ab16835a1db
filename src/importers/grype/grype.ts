import type { Readable } from "node:stream";
import type { Finding, ScanImport } from "../../domains/vulnerabilities/records.ts";
import { InvalidInputError } from "../../model/errors.ts";
import type { Severity } from "../../model/severity.ts";
import { defineImporter } from "../define-importer.ts";
import type { ImportContext, InputSample } from "../importer.ts";
import { field, list, obj, objects, str, texts } from "../shared/fields.ts";
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

const TOOL = "grype";

/** Grype's own words beyond the common scale: unrated stays unrated, negligible is informational. */
const GRYPE_WORDS: Record<string, Severity | null> = { unknown: null, negligible: "info" };

/**
 * `grype -o json`. Read whole: Grype reports are small in practice (one
 * entry per match, no embedded advisories).
 */
export async function parseGrype(input: Readable | string, ctx: ImportContext): Promise<ScanImport[]> {
  const doc = await readJsonDocument(input, ctx.file);
  const matches = field(doc, "matches");
  if (!Array.isArray(matches))
    throw new InvalidInputError(ctx.file, [{ line: 1, reason: "not a Grype JSON report: no matches[]" }]);
  const scan = resolveScan(ctx, {
    tool: TOOL,
    scan_type: str(doc, "source.type") === "image" ? "container" : "dependency",
    target: str(doc, "source.target") ?? str(doc, "source.target.userInput"),
    time: str(doc, "descriptor.timestamp"),
  });
  const problems: { line: number; reason: string }[] = [];
  // Grype writes one match per package location (a library found under both
  // /lib and /usr/lib); its table shows them as one row, and one upgrade fixes them all.
  const byIdentity = new Map<string, { finding: Finding; locations: Set<string> }>();
  for (const [index, match] of matches.entries()) {
    const vulnerability = obj(match, "vulnerability");
    const artifact = obj(match, "artifact");
    const id = str(vulnerability, "id");
    if (!vulnerability || !artifact || !id) {
      problems.push({ line: 1, reason: `matches[${index}]: no vulnerability id or artifact` });
      continue;
    }
    const name = str(artifact, "name");
    const version = str(artifact, "version");
    const paths = texts(objects(artifact, "locations").map((location) => str(location, "path")));
    // Two installed versions are two findings (two upgrades); so the version is in the identity.
    const identity = identityOf(
      scan.target,
      id,
      packageKey(str(artifact, "purl"), str(artifact, "type"), name),
      version,
    );
    const seen = byIdentity.get(identity);
    if (seen) {
      for (const path of paths) seen.locations.add(path);
      continue;
    }
    const word = str(vulnerability, "severity");
    const purl = str(artifact, "purl");
    byIdentity.set(identity, {
      locations: new Set(paths),
      finding: finding({
        identity,
        vulnerability_id: id,
        severity:
          word === null
            ? null
            : word.toLowerCase() in GRYPE_WORDS
              ? (GRYPE_WORDS[word.toLowerCase()] ?? null)
              : severityWord(word, 1, problems),
        category: scan.scan_type,
        package_name: name,
        package_version: version,
        fixed_version:
          str(vulnerability, "fix.state") === "fixed" ? str(vulnerability, "fix.versions.0") : null,
        location: paths[0] ?? null,
        line: 1,
        attributes: purl ? { purl } : {},
      }),
    });
  }
  const findings = [...byIdentity.values()].map(({ finding: first, locations }) =>
    locations.size > 0
      ? { ...first, attributes: { ...first.attributes, locations: [...locations].join(",") } }
      : first,
  );
  return [{ scan, findings, suppressed: list(doc, "ignoredMatches").length, problems }];
}

/** The package without its version, qualifiers (arch, distro) or subpath. */
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

export const grypeImporter = defineImporter({
  id: "grype",
  title: "Grype JSON report (grype -o json)",
  kinds: SCAN_KINDS,
  detect: detectGrype,
  read: scanReport(parseGrype),
});
