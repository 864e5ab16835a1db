import type { Readable } from "node:stream";
import type { Finding, FindingStatus, ScanImport } from "../../domains/vulnerabilities/records.ts";
import { InvalidInputError } from "../../model/errors.ts";
import { parseTimestamp } from "../../model/time.ts";
import { defineImporter } from "../define-importer.ts";
import type { ImportContext, InputSample } from "../importer.ts";
import { type Json, obj, str, textAttributes } from "../shared/fields.ts";
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

const TOOL = "dependabot";

/**
 * Dismissed alerts leave the denominators; the reason is kept. Only
 * "inaccurate" says the alert is wrong; the others accept the risk.
 */
const DISMISSED: Record<string, FindingStatus> = {
  inaccurate: "false_positive",
  tolerable_risk: "accepted_risk",
  not_used: "accepted_risk",
  no_bandwidth: "accepted_risk",
  fix_started: "accepted_risk",
};

/**
 * GitHub Dependabot alerts: the REST list (an array of alerts, from a
 * repository or an organization) or one webhook payload (`action` +
 * `alert`). Alerts carry their own `created_at`, `fixed_at` and
 * `dismissed_at`, which the lifecycle uses as given. A listing is not a
 * scan (it may be filtered or paginated), so it is marked incomplete:
 * an alert missing from it is not fixed. One scan per repository; its time
 * is `--scanned-at`, else the latest `updated_at` (the listing is at least
 * that recent). Read whole: listings are small.
 */
export async function parseDependabot(input: Readable | string, ctx: ImportContext): Promise<ScanImport[]> {
  const doc = await readJsonDocument(input, ctx.file);
  const alerts = Array.isArray(doc)
    ? doc.map((alert) => ({ alert: obj(alert), repository: obj(alert, "repository") }))
    : obj(doc, "alert")
      ? [{ alert: obj(doc, "alert"), repository: obj(doc, "repository") }]
      : undefined;
  if (!alerts)
    throw new InvalidInputError(ctx.file, [
      {
        line: 1,
        reason: "not Dependabot alerts: expected an array of alerts or a webhook payload with an alert",
      },
    ]);

  const byTarget = new Map<string, { alert: Json; index: number }[]>();
  for (const [index, { alert, repository }] of alerts.entries()) {
    if (!alert) continue;
    const target = ctx.target ?? str(repository, "full_name");
    if (target === null)
      throw new InvalidInputError(
        ctx.file,
        [{ line: 1, reason: `alert ${index + 1} names no repository` }],
        "pass --target (a repository's alert list does not name the repository)",
      );
    const list = byTarget.get(target) ?? [];
    list.push({ alert, index });
    byTarget.set(target, list);
  }

  const scans: ScanImport[] = [];
  for (const [target, entries] of byTarget) {
    const latest = entries
      .map(({ alert }) => str(alert, "updated_at"))
      .filter((time): time is string => time !== null)
      .sort((a, b) => (parseTimestamp(a, "UTC") ?? 0) - (parseTimestamp(b, "UTC") ?? 0))
      .at(-1);
    const scan = resolveScan(
      { ...ctx, target },
      { tool: TOOL, scan_type: "dependency", target, time: latest ?? null, complete: false },
    );
    const problems: { line: number; reason: string }[] = [];
    const findings: Finding[] = [];
    for (const { alert, index } of entries) {
      const parsed = alertFinding(alert, index, scan.target, ctx, problems);
      if (parsed) findings.push(parsed);
    }
    scans.push({ scan, findings, suppressed: 0, problems });
  }
  return scans;
}

function alertFinding(
  alert: Json,
  index: number,
  target: string,
  ctx: ImportContext,
  problems: { line: number; reason: string }[],
): Finding | undefined {
  const number = str(alert, "number");
  const where = `alert ${number ?? index + 1}`;
  const pkg = obj(alert, "dependency.package") ?? obj(alert, "security_vulnerability.package");
  const id = str(alert, "security_advisory.ghsa_id");
  const time = (name: string): number | null => {
    const text = str(alert, name);
    if (text === null) return null;
    const ms = parseTimestamp(text, ctx.timezone);
    if (ms === undefined)
      problems.push({ line: 1, reason: `${where}: ${name} "${text}" is not a timestamp` });
    return ms ?? null;
  };
  const created = time("created_at");
  if (!id || number === null || created === null) {
    problems.push({ line: 1, reason: `${where}: no number, security_advisory.ghsa_id or created_at` });
    return undefined;
  }
  const state = str(alert, "state");
  const reason = str(alert, "dismissed_reason");
  const status: FindingStatus =
    state === "auto_dismissed"
      ? "suppressed"
      : state === "dismissed"
        ? (DISMISSED[reason ?? ""] ?? "accepted_risk")
        : "open";
  const word = str(alert, "security_vulnerability.severity") ?? str(alert, "security_advisory.severity");
  const relationship = str(alert, "dependency.relationship");
  const manifest = str(alert, "dependency.manifest_path");
  return finding({
    // GitHub raises one alert per vulnerable range and manifest, each with
    // its own state: two alerts on one advisory and package (a runtime one
    // open, a development one auto-dismissed) are two findings, never merged.
    identity: identityOf(target, number),
    vulnerability_id: id,
    title: str(alert, "security_advisory.summary"),
    severity: word === null ? null : severityWord(word, 1, problems),
    category: "dependency",
    package_name: str(pkg, "name"),
    fixed_version: str(alert, "security_vulnerability.first_patched_version.identifier"),
    location: manifest,
    direct: relationship === "direct" ? true : relationship === "transitive" ? false : null,
    status,
    status_reason: status === "open" ? null : (reason ?? state),
    own_lifecycle: {
      created_at: created,
      fixed_at: time("fixed_at"),
      dismissed_at: time("dismissed_at") ?? time("auto_dismissed_at"),
      dismissed_reason: reason,
    },
    line: 1,
    attributes: textAttributes({
      number,
      state,
      cve: str(alert, "security_advisory.cve_id"),
      html_url: str(alert, "html_url"),
      scope: str(alert, "dependency.scope"),
      vulnerable_range: str(alert, "security_vulnerability.vulnerable_version_range"),
      dismissed_comment: str(alert, "dismissed_comment"),
    }),
  });
}

export function detectDependabot(sample: InputSample): boolean {
  const text = sampleText(sample);
  return /"security_advisory"\s*:/.test(text) && /"ghsa_id"\s*:/.test(text) && /"dependency"\s*:/.test(text);
}

export const dependabotImporter = defineImporter({
  id: "dependabot",
  title: "GitHub Dependabot alerts (REST list or webhook payload)",
  kinds: SCAN_KINDS,
  detect: detectDependabot,
  read: scanReport(parseDependabot),
});
