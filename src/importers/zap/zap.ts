import type { Readable } from "node:stream";
import { DateTime } from "luxon";
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
} from "../shared/scan-input.ts";

const TOOL = "zap";
const RISK: Record<string, Severity> = { "0": "info", "1": "low", "2": "medium", "3": "high" };

/**
 * OWASP ZAP's traditional JSON report. One scan per `site` (its `@name` is
 * the target), one finding per alert of that site, its instances counted.
 * ZAP marks false positives with confidence 0. Read whole: reports are small.
 */
export async function parseZap(input: Readable | string, ctx: ImportContext): Promise<ScanImport[]> {
  const doc = asObject(await readJsonDocument(input, ctx.file));
  if (!doc || !Array.isArray(doc.site))
    throw new InvalidInputError(ctx.file, [
      { line: 1, reason: "not a ZAP traditional JSON report: no site[]" },
    ]);
  const time = asText(doc.created) ?? generatedAsIso(asText(doc["@generated"]), ctx.timezone);
  const scans: ScanImport[] = [];
  for (const rawSite of doc.site) {
    const site = asObject(rawSite);
    if (!site) continue;
    const scan = resolveScan(ctx, { tool: TOOL, scan_type: "dast", target: asText(site["@name"]), time });
    const problems: { line: number; reason: string }[] = [];
    const findings: Finding[] = [];
    for (const rawAlert of asArray(site.alerts)) {
      const alert = asObject(rawAlert);
      const id = asText(alert?.alertRef) ?? asText(alert?.pluginid);
      if (!alert || !id) {
        problems.push({ line: 1, reason: `${scan.target}: an alert without pluginid` });
        continue;
      }
      const risk = asText(alert.riskcode);
      const severity = risk === null ? undefined : RISK[risk];
      if (!severity)
        problems.push({ line: 1, reason: `${scan.target}: alert ${id}: riskcode "${risk}" is not 0-3` });
      const instances = asArray(alert.instances).map(asObject);
      findings.push(
        finding({
          identity: identityOf(scan.target, id),
          vulnerability_id: id,
          title: asText(alert.name) ?? asText(alert.alert),
          severity: severity ?? null,
          category: "dast",
          location: asText(instances[0]?.uri) ?? scan.target,
          status: asText(alert.confidence) === "0" ? "false_positive" : "open",
          line: 1,
          attributes: {
            instances: String(instances.length),
            ...(asText(alert.cweid) ? { cwe: `CWE-${asText(alert.cweid)}` } : {}),
            ...(asText(alert.confidence) ? { confidence: asText(alert.confidence) as string } : {}),
          },
        }),
      );
    }
    scans.push({ scan, findings, suppressed: 0, problems });
  }
  if (scans.length === 0)
    throw new InvalidInputError(ctx.file, [{ line: 1, reason: "the report names no site" }]);
  return scans;
}

/** `@generated` ("Thu, 17 Jun 2021 16:04:28") is local time without a zone: read it in the configured zone. */
function generatedAsIso(text: string | null, zone: string): string | null {
  if (text === null) return null;
  const parsed = DateTime.fromFormat(text, "EEE, d MMM yyyy HH:mm:ss", { zone, locale: "en" });
  return parsed.isValid ? parsed.toISO() : text;
}

export function detectZap(sample: InputSample): boolean {
  const text = sampleText(sample);
  return text.startsWith("{") && /"@programName"|"@generated"/.test(text) && /"site"\s*:/.test(text);
}

export const zapImporter = defineScanImporter({
  id: "zap",
  title: "OWASP ZAP traditional JSON report",
  detect: detectZap,
  parse: parseZap,
});
