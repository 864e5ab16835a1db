/**
 * The framework an XCCDF `reference` or `ident` names. SCAP Security Guide
 * writes each requirement a rule evidences as a `<reference href="…">` to the
 * framework's document (NIST SP 800-53, CIS, PCI-DSS, DISA's CCI and STIG…),
 * and each configuration identifier as an `<ident system="…">` (CCE). The
 * first pattern found in the href (or system) names the framework; an
 * unknown one is kept under its own href, so nothing a benchmark says is lost.
 */
const REFERENCE_FRAMEWORKS: readonly (readonly [RegExp, string])[] = [
  [/800-53/i, "NIST-800-53"],
  [/800-171/i, "NIST-800-171"],
  [/cyberframework|nist\.gov\/cyber/i, "NIST-CSF"],
  [/pcisecuritystandards\.org.*(?:v4|4[._-]0)/i, "PCI-DSS-4"],
  [/pcisecuritystandards\.org|pci[_ -]?dss/i, "PCI-DSS"],
  [/cisecurity\.org\/controls/i, "CIS-CSC"],
  [/cisecurity\.org/i, "CIS"],
  [/\/cci\b|cci\/index/i, "DISA-CCI"],
  [/disa\.mil|cyber\.mil/i, "DISA-STIG"],
  [/hipaa|title45/i, "HIPAA"],
  [/iso\.org\/standard\/(?:54534|27001)|iso[ _-]?27001/i, "ISO-27001"],
  [/ssi\.gouv\.fr/i, "ANSSI"],
  [/niap-ccevs\.org/i, "OSPP"],
  [/cjis/i, "CJIS"],
  [/isaca\.org/i, "COBIT"],
];

/** The framework of a `reference`'s href: a known one's name, else the href itself. */
export function referenceFramework(href: string): string {
  return REFERENCE_FRAMEWORKS.find(([pattern]) => pattern.test(href))?.[1] ?? href;
}

/**
 * The framework of an `ident`'s system: CCE for configuration identifiers,
 * the system itself for an unknown one, and null for CVE: a CVE names a
 * vulnerability an OVAL advisory checks, not a requirement to meet.
 */
export function identFramework(system: string): string | null {
  if (/cve\.mitre\.org|\/cve\b/i.test(system)) return null;
  if (/cce/i.test(system)) return "CCE";
  return system;
}

/** Adds each id of a comma-separated list (older SSG joins them: "AC-2(1),AC-2(3)") under its framework, once. */
export function addControls(controls: Map<string, string[]>, framework: string, text: string): void {
  for (const id of text.split(",").map((part) => part.trim())) {
    if (id === "") continue;
    const ids = controls.get(framework);
    if (!ids) controls.set(framework, [id]);
    else if (!ids.includes(id)) ids.push(id);
  }
}
