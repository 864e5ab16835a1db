/**
 * Values that command definitions show in --help or check options against,
 * copied from the modules that own them: those modules load the store,
 * importers or config schema, which --help must not pay for.
 * help-values.test.ts keeps every copy equal to its source.
 */

export const DEFAULT_CONFIG_PATH = "secmetrics.yaml";

export const FINDING_FILTERS = [
  "open",
  "fixed",
  "accepted_risk",
  "false_positive",
  "duplicate",
  "suppressed",
  "all",
  "not_rescanned",
  "retired",
] as const;

/** Every importer's id, in the registry's detection order. */
export const IMPORT_FORMATS = [
  "web3-deployments",
  "ocsf",
  "sarif",
  "trivy",
  "grype",
  "osv-scanner",
  "npm-audit",
  "dependabot",
  "zap",
  "xccdf",
  "iam-credential-report",
  "terraform-plan",
  "oscal-poam",
  "github-deployment-statuses",
  "tokens-csv",
  "tokens-json",
  "accounts-csv",
  "accounts-json",
  "exceptions-csv",
  "exceptions-yaml",
  "audit-findings-csv",
  "audit-findings-yaml",
  "deployments-csv",
  "deployments-json",
  "incidents-csv",
  "incidents-json",
  "alerts-csv",
  "alerts-json",
  "sshd",
  "fail2ban",
  "nginx",
] as const;
