import type { Readable } from "node:stream";
import { DateTime } from "luxon";
import type { Finding, ScanImport } from "../../domains/vulnerabilities/records.ts";
import { InvalidInputError } from "../../model/errors.ts";
import type { Severity } from "../../model/severity.ts";
import { defineImporter } from "../define-importer.ts";
import type { ImportContext, InputSample } from "../importer.ts";
import { field, list, obj, objects, str, textAttributes } from "../shared/fields.ts";
import { readJsonDocument } from "../shared/json.ts";
import { scanReport } from "../shared/readers.ts";
import { finding, identityOf, resolveScan, SCAN_KINDS, sampleText } from "../shared/scan-input.ts";

const TOOL = "zap";
const RISK: Record<string, Severity> = { "0": "info", "1": "low", "2": "medium", "3": "high" };

/**
 * OWASP ZAP's traditional JSON report. One scan per `site` (its `@name` is
 * the target), one finding per alert of that site, its instances counted.
 * ZAP marks false positives with confidence 0. Read whole: reports are small.
 */
export async function parseZap(input: Readable | string, ctx: ImportContext): Promise<ScanImport[]> {
  const doc = await readJsonDocument(input, ctx.file);
  if (!Array.isArray(field(doc, "site")))
    throw new InvalidInputError(ctx.file, [
      { line: 1, reason: "not a ZAP traditional JSON report: no site[]" },
    ]);
  const time = str(doc, "created") ?? generatedAsIso(str(doc, "@generated"), ctx.timezone);
  const scans: ScanImport[] = [];
  for (const site of objects(doc, "site")) {
    const scan = resolveScan(ctx, { tool: TOOL, scan_type: "dast", target: str(site, "@name"), time });
    const problems: { line: number; reason: string }[] = [];
    const findings: Finding[] = [];
    for (const alert of list(site, "alerts")) {
      const id = str(alert, "alertRef") ?? str(alert, "pluginid");
      if (!obj(alert) || !id) {
        problems.push({ line: 1, reason: `${scan.target}: an alert without pluginid` });
        continue;
      }
      const risk = str(alert, "riskcode");
      const severity = risk === null ? undefined : RISK[risk];
      if (!severity)
        problems.push({ line: 1, reason: `${scan.target}: alert ${id}: riskcode "${risk}" is not 0-3` });
      const cwe = str(alert, "cweid");
      const confidence = str(alert, "confidence");
      findings.push(
        finding({
          identity: identityOf(scan.target, id),
          vulnerability_id: id,
          title: str(alert, "name") ?? str(alert, "alert"),
          severity: severity ?? null,
          category: "dast",
          location: str(alert, "instances.0.uri") ?? scan.target,
          status: confidence === "0" ? "false_positive" : "open",
          line: 1,
          attributes: textAttributes({
            instances: list(alert, "instances").length,
            cwe: cwe && `CWE-${cwe}`,
            confidence,
          }),
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

export const zapImporter = defineImporter({
  id: "zap",
  title: "OWASP ZAP traditional JSON report",
  kinds: SCAN_KINDS,
  detect: detectZap,
  read: scanReport(parseZap),
});
