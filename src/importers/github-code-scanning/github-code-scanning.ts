import type { Readable } from "node:stream";
import type { Finding, FindingStatus, ScanImport } from "../../domains/vulnerabilities/records.ts";
import { defineImporter } from "../define-importer.ts";
import type { ImportContext, InputSample } from "../importer.ts";
import { LEVEL_SEVERITY } from "../sarif/sarif.ts";
import { type Json, str, textAttributes, texts } from "../shared/fields.ts";
import { type AlertRead, type GithubAlertKind, readGithubAlerts } from "../shared/github-alerts.ts";
import { scanReport } from "../shared/readers.ts";
import { finding, identityOf, SCAN_KINDS, sampleText, severityWord } from "../shared/scan-input.ts";

/** Only "false positive" says the alert is wrong; the other reasons accept the risk. */
const DISMISSED: Record<string, FindingStatus> = {
  "false positive": "false_positive",
  "won't fix": "accepted_risk",
  "used in tests": "accepted_risk",
};

/**
 * GitHub code scanning alerts (see `readGithubAlerts` for the listing's
 * shape and scan), from any tool that uploads to code scanning (CodeQL or
 * a third-party SARIF). Alerts carry their own `created_at`, `fixed_at`
 * and `dismissed_at`. Open is what GitHub counts as open: `state` "open".
 */
export function parseGithubCodeScanning(input: Readable | string, ctx: ImportContext): Promise<ScanImport[]> {
  return readGithubAlerts(CODE_SCANNING_ALERTS, input, ctx);
}

const CODE_SCANNING_ALERTS: GithubAlertKind = {
  tool: "github-code-scanning",
  scanType: "sast",
  what: "GitHub code scanning alerts",
  finding: alertFinding,
};

function alertFinding(
  alert: Json,
  { number, where, target, problems, time }: AlertRead,
): Finding | undefined {
  const rule = str(alert, "rule.id") ?? str(alert, "rule.name");
  const created = time("created_at");
  if (!rule || number === null || created === null) {
    problems.push({ line: 1, reason: `${where}: no number, rule.id or created_at` });
    return undefined;
  }
  const state = str(alert, "state");
  const reason = str(alert, "dismissed_reason");
  // "closed": GitHub stopped tracking the alert (its analysis was deleted),
  // which fixes nothing; it is neither open nor fixed, so it is counted apart.
  const status: FindingStatus =
    state === "dismissed"
      ? (DISMISSED[reason ?? ""] ?? "accepted_risk")
      : state === "closed"
        ? "suppressed"
        : "open";
  const path = str(alert, "most_recent_instance.location.path");
  const line = str(alert, "most_recent_instance.location.start_line");
  return finding({
    // The alert number is GitHub's own identity of the alert in its
    // repository: the same rule at two places is two alerts.
    identity: identityOf(target, number),
    vulnerability_id: rule,
    title: str(alert, "rule.description") ?? str(alert, "most_recent_instance.message.text"),
    severity: severityOf(alert, where, problems),
    category: "sast",
    location: path && line ? `${path}:${line}` : path,
    status,
    status_reason: status === "open" ? null : (reason ?? state),
    own_lifecycle: {
      created_at: created,
      fixed_at: time("fixed_at"),
      dismissed_at: time("dismissed_at"),
      dismissed_reason: reason,
    },
    line: 1,
    attributes: textAttributes({
      number,
      state,
      tool: str(alert, "tool.name"),
      tool_version: str(alert, "tool.version"),
      category: str(alert, "most_recent_instance.category"),
      ref: str(alert, "most_recent_instance.ref"),
      cwe: texts(alert, "rule.tags")
        .filter((tag) => tag.startsWith("external/cwe/"))
        .map((tag) => tag.slice("external/cwe/".length).toUpperCase())
        .join(", "),
      html_url: str(alert, "html_url"),
      dismissed_comment: str(alert, "dismissed_comment"),
    }),
  });
}

/** `security_severity_level` (critical…low) for security rules, else the rule's SARIF level. */
function severityOf(alert: Json, where: string, problems: { line: number; reason: string }[]) {
  const security = str(alert, "rule.security_severity_level");
  if (security !== null) return severityWord(security, 1, problems);
  const level = str(alert, "rule.severity");
  if (level === null) return null;
  const severity = LEVEL_SEVERITY[level];
  if (!severity) problems.push({ line: 1, reason: `${where}: unknown rule.severity "${level}"` });
  return severity ?? null;
}

export function detectGithubCodeScanning(sample: InputSample): boolean {
  const text = sampleText(sample);
  return (
    /"most_recent_instance"\s*:/.test(text) ||
    (/"instances_url"\s*:/.test(text) && /\/code-scanning\/alerts\//.test(text))
  );
}

export const githubCodeScanningImporter = defineImporter({
  id: "github-code-scanning",
  title: "GitHub code scanning alerts (REST list or webhook payload)",
  kinds: SCAN_KINDS,
  detect: detectGithubCodeScanning,
  read: scanReport(parseGithubCodeScanning),
});
