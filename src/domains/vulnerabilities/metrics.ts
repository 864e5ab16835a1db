import { defineMetrics } from "../../model/metric-definition.ts";

/** Every scanner format: any of them can report a vulnerability. */
const SCAN_SOURCES = [
  "sarif",
  "trivy",
  "grype",
  "osv-scanner",
  "npm-audit",
  "dependabot",
  "zap",
  "github-code-scanning",
];
const SAST_SOURCES = ["sarif", "github-code-scanning"];
const DAST_SOURCES = ["zap", "sarif"];
const DEPENDENCY_SOURCES = ["trivy", "grype", "osv-scanner", "npm-audit", "dependabot", "sarif"];

export const VULNERABILITY_METRICS = defineMetrics("vulnerability_management", [
  {
    id: "open_vulnerabilities",
    name: "Open vulnerabilities",
    description: "Findings open at period end, less accepted risk (covered by an exception in force).",
    unit: "count",
    direction: "down",
    chart: "xmr",
    sources: SCAN_SOURCES,
  },
  {
    id: "open_critical_vulnerabilities",
    name: "Open critical vulnerabilities",
    description: "Critical findings open at period end, less accepted risk.",
    unit: "count",
    direction: "zero",
    chart: "xmr",
    sources: SCAN_SOURCES,
    target: { op: "==", value: 0 },
  },
  {
    id: "open_high_vulnerabilities",
    name: "Open high vulnerabilities",
    description: "High findings open at period end, less accepted risk.",
    unit: "count",
    direction: "zero",
    chart: "xmr",
    sources: SCAN_SOURCES,
    target: { op: "==", value: 0 },
  },
  {
    id: "mttp",
    name: "Mean time to patch",
    description: "Mean of fixed_at − first_seen_at over findings fixed in the period.",
    unit: "seconds",
    direction: "down",
    chart: "xmr",
    sources: SCAN_SOURCES,
  },
  {
    id: "vuln_sla_missed",
    name: "Vulnerability SLAs missed",
    description:
      "% of findings due in the period that missed their severity SLA (fixed late, or open past due at period end), accepted risk apart.",
    unit: "percent",
    direction: "down",
    chart: "p",
    sources: SCAN_SOURCES,
    target: { op: "==", value: 0 },
  },
  {
    id: "repeat_findings",
    name: "Repeat findings",
    description: "Findings reintroduced in the period after having been fixed.",
    unit: "count",
    direction: "zero",
    chart: "c",
    sources: SCAN_SOURCES,
    target: { op: "==", value: 0 },
  },
  {
    id: "security_debt",
    name: "Security debt",
    description:
      "Open findings past SLA plus overdue action items at period end, accepted risk apart; expired exceptions shown beside.",
    unit: "count",
    direction: "down",
    chart: "xmr",
    sources: SCAN_SOURCES,
  },
]);

export const APPLICATION_SECURITY_METRICS = defineMetrics("application_security", [
  {
    id: "sast_findings_new",
    name: "SAST findings (new)",
    description: "Static analysis findings first seen in the period.",
    unit: "count",
    direction: "down",
    chart: "c",
    sources: SAST_SOURCES,
  },
  {
    id: "dast_findings_new",
    name: "DAST findings (new)",
    description: "Dynamic scanning findings first seen in the period.",
    unit: "count",
    direction: "down",
    chart: "c",
    sources: DAST_SOURCES,
  },
  {
    id: "dependency_vulns_direct",
    name: "Dependency vulnerabilities (direct)",
    description: "Vulnerabilities in direct dependencies first seen in the period.",
    unit: "count",
    direction: "down",
    chart: "c",
    sources: DEPENDENCY_SOURCES,
  },
]);
