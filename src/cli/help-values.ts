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
  "oz-monitor",
  "tabletops",
  "answer-library",
  "postmortems",
  "prowler-ocsf",
  "ocsf",
  "sarif",
  "trivy",
  "grype",
  "osv-scanner",
  "npm-audit",
  "dependabot",
  "zap",
  "github-code-scanning",
  "xccdf",
  "asff",
  "kube-bench",
  "prowler-csv",
  "prowler-compliance-csv",
  "nmap",
  "driftctl",
  "iam-credential-report",
  "terraform-state",
  "terraform-plan",
  "oscal-poam",
  "oscal-assessment-results",
  "github-deployment-statuses",
  "knowbe4-enrollments",
  "hackerone-json",
  "trust-yaml",
  "samm-toolbox",
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
  "assets-csv",
  "assets-json",
  "people-csv",
  "training-csv",
  "hackerone-csv",
  "bugcrowd-csv",
  "action-items-csv",
  "action-items-json",
  "assessments-csv",
  "assessments-yaml",
  "samm-csv",
  "samm-yaml",
  "deals-csv",
  "incidents-csv",
  "incidents-json",
  "alerts-csv",
  "alerts-json",
  "sshd",
  "fail2ban",
  "nginx",
] as const;

/** The exceptions register's values (`domains/exceptions/records.ts`). */
export const EXCEPTION_TYPES = ["risk", "compliance", "policy"] as const;
export const EXCEPTION_STATUSES = ["requested", "approved", "rejected", "revoked", "closed"] as const;
export const EXCEPTION_DECISIONS = ["accept", "mitigate", "transfer", "avoid"] as const;
