import type { Readable } from "node:stream";
import type { Finding, FindingStatus, ScanImport } from "../../domains/vulnerabilities/records.ts";
import { defineImporter } from "../define-importer.ts";
import type { ImportContext, InputSample } from "../importer.ts";
import { type Json, obj, str, textAttributes } from "../shared/fields.ts";
import { type AlertRead, type GithubAlertKind, readGithubAlerts } from "../shared/github-alerts.ts";
import { scanReport } from "../shared/readers.ts";
import { finding, identityOf, SCAN_KINDS, sampleText, severityWord } from "../shared/scan-input.ts";

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
 * GitHub Dependabot alerts (see `readGithubAlerts` for the listing's
 * shape and scan). Alerts carry their own `created_at`, `fixed_at` and
 * `dismissed_at`, which the lifecycle uses as given.
 */
export function parseDependabot(input: Readable | string, ctx: ImportContext): Promise<ScanImport[]> {
  return readGithubAlerts(DEPENDABOT_ALERTS, input, ctx);
}

const DEPENDABOT_ALERTS: GithubAlertKind = {
  tool: TOOL,
  scanType: "dependency",
  what: "Dependabot alerts",
  finding: alertFinding,
};

function alertFinding(
  alert: Json,
  { number, where, target, problems, time }: AlertRead,
): Finding | undefined {
  const pkg = obj(alert, "dependency.package") ?? obj(alert, "security_vulnerability.package");
  const id = str(alert, "security_advisory.ghsa_id");
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
