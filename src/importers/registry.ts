import { SecmetricsError } from "../model/errors.ts";
import { accountsCsv, accountsJson, tokensCsv, tokensJson } from "./accounts/accounts.ts";
import { actionItemsCsv, actionItemsJson } from "./action-items/action-items.ts";
import { alertsCsv, alertsJson } from "./alerts/alerts.ts";
import { answerLibrary } from "./answer-library/answer-library.ts";
import { asffImporter } from "./asff/asff.ts";
import { assessmentsCsv, assessmentsYaml } from "./assessments/assessments.ts";
import { assetsCsv, assetsJson } from "./assets/assets.ts";
import { auditFindingsCsv, auditFindingsYaml } from "./audit-findings/audit-findings.ts";
import { bugcrowdCsv } from "./bugcrowd/bugcrowd.ts";
import { dealsCsv } from "./deals/deals.ts";
import { defihacklabs } from "./defihacklabs/defihacklabs.ts";
import { dependabotImporter } from "./dependabot/dependabot.ts";
import { deploymentsCsv, deploymentsJson, githubDeploymentStatuses } from "./deployments/deployments.ts";
import { driftctlImporter } from "./driftctl/driftctl.ts";
import { exceptionsCsv, exceptionsYaml } from "./exceptions/exceptions.ts";
import { externalTriageCsv } from "./external-triage/external-triage.ts";
import { fail2ban } from "./fail2ban/fail2ban.ts";
import { githubCodeScanningImporter } from "./github-code-scanning/github-code-scanning.ts";
import { githubDeployments } from "./github-deployments/github-deployments.ts";
import { githubSecretScanning } from "./github-secret-scanning/github-secret-scanning.ts";
import { goListModulesImporter } from "./go-list-modules/go-list-modules.ts";
import { governorLogs } from "./governor/governor.ts";
import { grypeImporter } from "./grype/grype.ts";
import { hackeroneCsv, hackeroneJson } from "./hackerone/hackerone.ts";
import { heartbeatLog } from "./heartbeat-log/heartbeat-log.ts";
import { iamCredentialReport } from "./iam-credential-report/iam-credential-report.ts";
import type { AnyImporter, Importer, InputSample, NearMatch } from "./importer.ts";
import { incidentsCsv, incidentsJson } from "./incidents/incidents.ts";
import { irPlanYaml } from "./ir-plan/ir-plan.ts";
import { jiraIssues } from "./jira-issues/jira-issues.ts";
import { junitImporter } from "./junit/junit.ts";
import { keyInventoryCsv, keyInventoryYaml } from "./key-inventory/key-inventory.ts";
import { kubeBenchImporter } from "./kube-bench/kube-bench.ts";
import { nginx } from "./nginx/nginx.ts";
import { nmapImporter } from "./nmap/nmap.ts";
import { npmAuditImporter } from "./npm-audit/npm-audit.ts";
import { npmLsImporter } from "./npm-ls/npm-ls.ts";
import { npmOutdatedImporter } from "./npm-outdated/npm-outdated.ts";
import { ocsf } from "./ocsf/ocsf.ts";
import { oscalAssessmentResults } from "./oscal-assessment-results/oscal-assessment-results.ts";
import { oscalPoam } from "./oscal-poam/oscal-poam.ts";
import { osvScannerImporter } from "./osv-scanner/osv-scanner.ts";
import { ozMonitor } from "./oz-monitor/oz-monitor.ts";
import { pagerdutyIncidents } from "./pagerduty/pagerduty-incidents.ts";
import { peopleCsv } from "./people/people.ts";
import { pipListImporter } from "./pip-list/pip-list.ts";
import { postmortemsFolder } from "./postmortems/postmortems.ts";
import { prometheusMetrics } from "./prometheus/prometheus.ts";
import { prowlerComplianceCsv } from "./prowler/prowler-compliance.ts";
import { prowlerCsv } from "./prowler/prowler-csv.ts";
import { prowlerOcsf } from "./prowler/prowler-ocsf.ts";
import { safeTransactionService } from "./safe-transaction-service/safe-transaction-service.ts";
import { sammCsv, sammToolbox, sammYaml } from "./samm/samm.ts";
import { sarifImporter } from "./sarif/sarif.ts";
import { securityControlsCsv, securityControlsYaml } from "./security-controls/security-controls.ts";
import { snapshotJson } from "./snapshot/snapshot.ts";
import { snapshotVotesJson } from "./snapshot/snapshot-votes.ts";
import { sshd } from "./sshd/sshd.ts";
import { tabletopsFolder } from "./tabletops/tabletops.ts";
import { terraformPlan } from "./terraform-plan/terraform-plan.ts";
import { terraformState } from "./terraform-state/terraform-state.ts";
import { knowbe4Enrollments, trainingCsv } from "./training/training.ts";
import { trivyImporter } from "./trivy/trivy.ts";
import { trustYaml } from "./trust-yaml/trust-yaml.ts";
import { web3Deployments } from "./web3-deployments/web3-deployments.ts";
import { xccdfImporter } from "./xccdf/xccdf.ts";
import { zapImporter } from "./zap/zap.ts";

/** Scanner formats: each recognises its own top-level keys, so they go before the generic record formats. */
const SCANNER_IMPORTERS: readonly Importer[] = [
  sarifImporter,
  trivyImporter,
  grypeImporter,
  osvScannerImporter,
  npmAuditImporter,
  dependabotImporter,
  zapImporter,
  githubCodeScanningImporter,
];

/**
 * Logs, inventories and change records. Whole-document formats
 * first; the generic tables before incidents and alerts, because an
 * inventory with `created_at` would otherwise pass for alerts; the line
 * logs last, as their detectors look for a line pattern anywhere in the head.
 */
const DOCUMENT_IMPORTERS: readonly Importer[] = [
  xccdfImporter,
  asffImporter,
  kubeBenchImporter,
  prowlerCsv,
  prowlerComplianceCsv,
  nmapImporter,
  driftctlImporter,
  iamCredentialReport,
  terraformState,
  terraformPlan,
  oscalPoam,
  oscalAssessmentResults,
  githubDeploymentStatuses,
  githubSecretScanning,
  githubDeployments,
  knowbe4Enrollments,
  hackeroneJson,
  trustYaml,
  sammToolbox,
  pagerdutyIncidents,
  jiraIssues,
  snapshotJson,
  snapshotVotesJson,
  governorLogs,
  defihacklabs,
  safeTransactionService,
  irPlanYaml,
  prometheusMetrics,
  junitImporter,
  npmOutdatedImporter,
  npmLsImporter,
  pipListImporter,
  goListModulesImporter,
];
const INVENTORY_IMPORTERS: readonly Importer[] = [
  tokensCsv,
  tokensJson,
  accountsCsv,
  accountsJson,
  exceptionsCsv,
  exceptionsYaml,
  auditFindingsCsv,
  auditFindingsYaml,
  deploymentsCsv,
  deploymentsJson,
  assetsCsv,
  assetsJson,
  peopleCsv,
  trainingCsv,
  hackeroneCsv,
  bugcrowdCsv,
  actionItemsCsv,
  actionItemsJson,
  assessmentsCsv,
  assessmentsYaml,
  sammCsv,
  sammYaml,
  dealsCsv,
  externalTriageCsv,
  keyInventoryCsv,
  keyInventoryYaml,
  securityControlsCsv,
  securityControlsYaml,
];
const LOG_IMPORTERS: readonly Importer[] = [sshd, fail2ban, nginx, heartbeatLog];

/** Folders read whole: detection gives them only a directory's file list, so they never claim a file. */
const DIRECTORY_IMPORTERS: readonly AnyImporter[] = [
  web3Deployments,
  ozMonitor,
  tabletopsFolder,
  answerLibrary,
  postmortemsFolder,
];

/**
 * Every import format, in detection order: the most specific first. Prowler
 * writes OCSF Detection Findings that are check results, passes included:
 * its importer goes before the generic ocsf one (which refuses them).
 */
export const IMPORTERS: readonly AnyImporter[] = [
  ...DIRECTORY_IMPORTERS,
  prowlerOcsf,
  ocsf,
  ...SCANNER_IMPORTERS,
  ...DOCUMENT_IMPORTERS,
  ...INVENTORY_IMPORTERS,
  incidentsCsv,
  incidentsJson,
  alertsCsv,
  alertsJson,
  ...LOG_IMPORTERS,
];

const IDS = new Set<string>();
for (const importer of IMPORTERS) {
  if (IDS.has(importer.id)) throw new Error(`duplicate importer id ${importer.id}`);
  IDS.add(importer.id);
}

/** The importer named `id`; `importers` is the registry unless a caller brings its own. */
export function findImporter(id: string, importers: readonly AnyImporter[] = IMPORTERS): AnyImporter {
  const importer = importers.find((i) => i.id === id);
  if (!importer) {
    throw new SecmetricsError(
      "unknown_format",
      `unknown format "${id}"`,
      `known formats: ${importers.map((i) => i.id).join(", ")}`,
    );
  }
  return importer;
}

/** The first importer that claims the sample; a directory's sample only goes to directory importers. */
export function detectImporter(
  sample: InputSample,
  importers: readonly AnyImporter[] = IMPORTERS,
): AnyImporter {
  const first = importers.find((importer) => readsSample(importer, sample) && importer.detect(sample));
  if (first) return first;
  const closest = closestFormat(sample, importers);
  if (!closest)
    throw new SecmetricsError(
      "unknown_format",
      `${sample.name}: cannot tell which format this is`,
      "name it with --format (`secmetrics import --help` lists the formats)",
    );
  const { id, match } = closest;
  // "columns" → "column" when one is missing.
  const what = match.missing.length === 1 ? match.of.replace(/s$/, "") : match.of;
  throw new SecmetricsError(
    "unknown_format",
    `${sample.name}: cannot tell which format this is; it looks like ${id}: missing ${what} ${match.missing.join(", ")}`,
    `add what is missing (the README describes ${id}), or name another format with --format`,
  );
}

/** A sample sharing fewer of a format's columns than this is not "like" it: one `id` column says nothing. */
const MIN_KNOWN = 2;

/**
 * The format a sample that none claims comes nearest to: the most of its
 * columns known to the format, then the fewest missing, then detection order.
 */
export function closestFormat(
  sample: InputSample,
  importers: readonly AnyImporter[] = IMPORTERS,
): { id: string; match: NearMatch } | undefined {
  let best: { id: string; match: NearMatch } | undefined;
  for (const importer of importers) {
    const match = readsSample(importer, sample) ? importer.near?.(sample) : undefined;
    if (!match || match.known < MIN_KNOWN) continue;
    const better =
      !best ||
      match.known > best.match.known ||
      (match.known === best.match.known && match.missing.length < best.match.missing.length);
    if (better) best = { id: importer.id, match };
  }
  return best;
}

function readsSample(importer: AnyImporter, sample: InputSample): boolean {
  return (importer.input === "directory") === (sample.files !== undefined);
}
