/**
 * Northwind Payments' monthly OpenSCAP scans for the demo: one XCCDF 1.2
 * results file (the shape `oscap xccdf eval --results` writes, with the
 * Rules of the checks scanned) per host on the 5th of each month at 02:00
 * UTC, 2026-01-05 → 2026-10-05, under SCAP Security Guide's CIS profile.
 * Each Rule has its title and, where SCAP Security Guide's Fedora benchmark
 * in OpenSCAP's test ARF (the xccdf importer's `openscap-1.2-arf.xml`
 * fixture) gives them, its NIST SP 800-53 references.
 * Deterministic: the failures are the plan below, not random.
 */

const YEAR = 2026;
const MONTHS = 10;
const PROFILE = "xccdf_org.ssgproject.content_profile_cis";
const RULE = "xccdf_org.ssgproject.content_rule_";

type Severity = "high" | "medium" | "low";

const NIST_800_53 = "http://csrc.nist.gov/publications/nistpubs/800-53-Rev3/sp800-53-rev3-final.pdf";

/** The checks of every scan; high ones are the Tier 1 baseline by default. */
const CHECKS: readonly { id: string; severity: Severity; title: string; nist?: readonly string[] }[] = [
  {
    id: "sshd_disable_root_login",
    severity: "high",
    title: "SSH Root Login Disabled",
    nist: ["AC-6(2)", "IA-2(1)"],
  },
  {
    id: "no_empty_passwords",
    severity: "high",
    title: "Log In to Accounts With Empty Password Impossible",
    nist: ["IA-5(b)", "IA-5(c)", "IA-5(1)(a)"],
  },
  {
    id: "ensure_gpgcheck_globally_activated",
    severity: "high",
    title: "gpgcheck Enabled In Main Yum Configuration",
    nist: ["SI-7", "MA-1(b)"],
  },
  {
    id: "set_password_hashing_algorithm_logindefs",
    severity: "high",
    title: "Set Password Hashing Algorithm in /etc/login.defs",
  },
  {
    id: "accounts_password_minlen_login_defs",
    severity: "medium",
    title: "Password Minimum Length",
    nist: ["IA-5(f)", "IA-5(1)(a)"],
  },
  { id: "sshd_set_idle_timeout", severity: "medium", title: "SSH Idle Timeout Interval Used" },
  { id: "service_auditd_enabled", severity: "medium", title: "Enable auditd Service" },
  { id: "file_permissions_etc_shadow", severity: "medium", title: "Verify Permissions on /etc/shadow File" },
  {
    id: "disable_prelink",
    severity: "low",
    title: "Prelinking Disabled",
    nist: ["CM-6(d)", "CM-6(3)", "SC-28", "SI-7"],
  },
  { id: "package_httpd_removed", severity: "medium", title: "Uninstall httpd Package" },
];

/** Months (1–12) in which a host's check fails; every other result passes. */
const FAILURES: Record<string, Record<string, readonly number[]>> = {
  "web-1": {
    // Root login re-enabled during an incident in June, closed again in July.
    sshd_disable_root_login: [6],
    sshd_set_idle_timeout: [1, 2, 3],
  },
  "web-2": {
    disable_prelink: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    // A new image without the idle timeout from October.
    sshd_set_idle_timeout: [10],
  },
  "db-1": {
    // A vendor upgrade reset the hashing algorithm in August; still open.
    set_password_hashing_algorithm_logindefs: [8, 9, 10],
    service_auditd_enabled: [4, 10],
    accounts_password_minlen_login_defs: [1, 2],
  },
};

/** The web servers run httpd: its removal does not apply to them. */
const NOT_APPLICABLE: Record<string, readonly string[]> = {
  "web-1": ["package_httpd_removed"],
  "web-2": ["package_httpd_removed"],
};

/** The benchmark's Rules of the checks scanned, as a results file carries them before its TestResult. */
function rulesXml(): string {
  return CHECKS.map(({ id, severity, title, nist = [] }) => {
    const references = nist
      .map((ref) => `\n    <reference href="${NIST_800_53}">${ref}</reference>`)
      .join("");
    return `  <Rule id="${RULE}${id}" selected="true" severity="${severity}">
    <title xml:lang="en-US">${title}</title>${references}
  </Rule>
`;
  }).join("");
}

export interface ComplianceFile {
  name: string;
  text: string;
}

export function complianceScans(): ComplianceFile[] {
  const files: ComplianceFile[] = [];
  for (let month = 1; month <= MONTHS; month++)
    for (const host of Object.keys(FAILURES)) {
      const date = `${YEAR}-${String(month).padStart(2, "0")}-05`;
      files.push({ name: `xccdf-${host}-${date}.xml`, text: resultsXml(host, month, date) });
    }
  return files;
}

function resultsXml(host: string, month: number, date: string): string {
  const results = CHECKS.map(({ id, severity }) => {
    const result = NOT_APPLICABLE[host]?.includes(id)
      ? "notapplicable"
      : FAILURES[host]?.[id]?.includes(month)
        ? "fail"
        : "pass";
    return `    <rule-result idref="${RULE}${id}" role="full" time="${date}T02:00:05+00:00" severity="${severity}" weight="1.000000">
      <result>${result}</result>
    </rule-result>
`;
  }).join("");
  return `<?xml version="1.0" encoding="UTF-8"?>
<Benchmark xmlns="http://checklists.nist.gov/xccdf/1.2" id="xccdf_org.ssgproject.content_benchmark_RHEL-9" resolved="1">
  <status>accepted</status>
  <version>0.1.72</version>
  <Profile id="${PROFILE}"><title>CIS Red Hat Enterprise Linux 9 Benchmark for Level 2 - Server</title></Profile>
${rulesXml()}  <TestResult id="xccdf_org.open-scap_testresult_${PROFILE}" start-time="${date}T02:00:00+00:00" end-time="${date}T02:00:09+00:00" version="0.1.72" test-system="cpe:/a:redhat:openscap:1.3.10">
    <benchmark href="/usr/share/xml/scap/ssg/content/ssg-rhel9-ds.xml" id="xccdf_org.ssgproject.content_benchmark_RHEL-9"/>
    <title>OSCAP Scan Result</title>
    <profile idref="${PROFILE}"/>
    <target>${host}.northwind.example</target>
${results}    <score system="urn:xccdf:scoring:default" maximum="100.000000">0.000000</score>
  </TestResult>
</Benchmark>
`;
}
