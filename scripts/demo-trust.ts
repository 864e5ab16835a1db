/**
 * The demo organisation's trust center: a trust.yaml beside the demo config
 * (so `serve` shows it at /trust), a few stand-in documents, the trust file
 * published in July (imported where it was taken, so October's
 * `security_txt_days_left` has a figure), and the static site built for
 * the demo period.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const DAY_MS = 86_400_000;

function trustYaml(expires: string): string {
  return `company: Northwind Payments
url: https://trust.northwind.example
contact:
  email: security@northwind.example
  url: https://northwind.example/security
overview: How Northwind Payments protects its customers' payments, with the measured figures behind each claim.
certifications:
  - framework: SOC 2 Type II
    status: attested
    auditor: Example Audit LLP
    valid_from: 2026-01-01
    valid_until: 2026-12-31
    report: soc2-report
  - framework: ISO/IEC 27001:2013
    status: attested
    auditor: Example Certification Body
    valid_from: 2023-05-01
    valid_until: 2026-05-01
  - framework: PCI DSS 4.0
    status: in_progress
documents:
  - { id: security-overview, title: Security overview, file: trust-documents/security-overview.md, visibility: public }
  - { id: soc2-report, title: SOC 2 Type II report 2026, file: trust-documents/soc2-report.md, visibility: nda }
  - { id: pentest-summary, title: Penetration test summary 2026, file: trust-documents/pentest-summary.md, visibility: nda }
  - { id: risk-register, title: Risk register, file: trust-documents/risk-register.md, visibility: private }
faqs:
  - question: How fast do you detect and respond to incidents?
    answer: The figures below are computed each month from our incident records; the targets are in our security policy.
subprocessors:
  - { name: Example Cloud, purpose: Hosting, location: EU (Frankfurt) }
  - { name: Example Mail, purpose: Transactional email, location: EU (Dublin) }
metrics:
  - { id: mttd, wording: Mean time to detect a security incident }
  - { id: mttr, wording: Mean time to respond to a security incident }
  - { id: vuln_sla_missed, wording: Vulnerabilities past their fix deadline }
  - { id: security_txt_days_left, wording: Days our security contact file stays valid }
security_txt:
  contact: [mailto:security@northwind.example, https://northwind.example/security/report]
  expires: ${expires}
  policy: https://northwind.example/security/policy
  preferred_languages: [en]
nda:
  text: These documents are confidential and shared for your security review of Northwind Payments only.
  link_days: 14
`;
}

/** Writes the demo's trust files, imports July's as it was published, and builds the site into `out`. */
export async function demoTrustCenter(
  run: (...args: string[]) => Promise<void>,
  dataDir: string,
  out: string,
  period: string,
): Promise<void> {
  const documents = join(dataDir, "trust-documents");
  mkdirSync(documents, { recursive: true });
  for (const [name, title] of [
    ["security-overview.md", "Security overview"],
    ["soc2-report.md", "SOC 2 Type II report (under NDA)"],
    ["pentest-summary.md", "Penetration test summary (under NDA)"],
    ["risk-register.md", "Risk register (private)"],
  ] as const)
    writeFileSync(join(documents, name), `# ${title}\n\nA stand-in document of the demo.\n`);
  // July's file expired on 2026-12-15: October's figure is 44 days (Nov 1 to Dec 15).
  const july = join(dataDir, "trust-2026-07.yaml");
  writeFileSync(july, trustYaml("2026-12-15"));
  await run("import", "--no-progress", "--scanned-at", "2026-07-01T09:00:00Z", july);
  // Today's file: renewed, less than a year ahead as RFC 9116 asks.
  const renewed = new Date(Date.now() + 180 * DAY_MS).toISOString().slice(0, 10);
  writeFileSync(join(dataDir, "trust.yaml"), trustYaml(renewed));
  await run("trust", "build", "--out", out, "--period", period);
}
