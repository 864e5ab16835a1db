import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import type { Finding, ScanImport } from "../../domains/vulnerabilities/records.ts";
import { InvalidInputError } from "../../model/errors.ts";
import { DateTime } from "../../model/luxon.ts";
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
 * the target). ZAP's report lists an alert once per (alert, risk) with its
 * instances, and counts the instances ("Number of Instances"); each instance
 * is a finding here. ZAP marks false positives with confidence 0. Read
 * whole: reports are small.
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
    const seen = new Map<string, number>();
    for (const alert of list(site, "alerts")) {
      const id = str(alert, "alertRef") ?? str(alert, "pluginid");
      if (!obj(alert) || !id) {
        problems.push({ line: 1, reason: `${scan.target}: an alert without pluginid` });
        continue;
      }
      for (const found of alertFindings(alert, id, scan.target, problems)) {
        // ZAP counts every instance it lists, even two that differ only in
        // their other info: a repeat is numbered, not merged.
        const n = (seen.get(found.identity) ?? 0) + 1;
        seen.set(found.identity, n);
        findings.push(n === 1 ? found : { ...found, identity: `${found.identity}|${n}` });
      }
    }
    scans.push({ scan, findings, suppressed: 0, problems });
  }
  if (scans.length === 0)
    throw new InvalidInputError(ctx.file, [{ line: 1, reason: "the report names no site" }]);
  return scans;
}

/**
 * One finding per instance. ZAP reuses an `alertRef` or `pluginid` for
 * different alerts (ZAP 2.15 still wrote 10049 for both "Storable and
 * Cacheable" and "Non-Storable Content") and reports one alert at two risks as
 * two entries, so the risk and the instance are part of the identity, and a
 * report without `alertRef` adds the alert's name to the plugin id. The
 * instance is method, URI, parameter and evidence (two instances of one
 * alert on one page differ in their evidence); the attack is left out, as
 * some scan rules randomise it on every scan. The evidence enters as a
 * digest: it can be a whole header (a long CSP), too long for an index key.
 */
function alertFindings(
  alert: unknown,
  id: string,
  target: string,
  problems: { line: number; reason: string }[],
): Finding[] {
  const name = str(alert, "name") ?? str(alert, "alert");
  const risk = str(alert, "riskcode");
  const severity = risk === null ? undefined : RISK[risk];
  if (!severity) problems.push({ line: 1, reason: `${target}: alert ${id}: riskcode "${risk}" is not 0-3` });
  const ref = str(alert, "alertRef") ?? identityOf(id, name);
  const cwe = str(alert, "cweid");
  const confidence = str(alert, "confidence");
  const instances = objects(alert, "instances");
  // An alert listed without instances is still one alert of ZAP's summary.
  return (instances.length > 0 ? instances : [{}]).map((instance) =>
    finding({
      identity: identityOf(
        target,
        ref,
        risk,
        str(instance, "method"),
        str(instance, "uri"),
        str(instance, "param"),
        digest(str(instance, "evidence")),
      ),
      vulnerability_id: id,
      title: name,
      severity: severity ?? null,
      category: "dast",
      location: str(instance, "uri") ?? target,
      status: confidence === "0" ? "false_positive" : "open",
      line: 1,
      attributes: textAttributes({
        method: str(instance, "method"),
        param: str(instance, "param"),
        evidence: str(instance, "evidence"),
        cwe: cwe && `CWE-${cwe}`,
        confidence,
      }),
    }),
  );
}

function digest(text: string | null): string | null {
  return text === null ? null : createHash("sha1").update(text).digest("hex");
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
