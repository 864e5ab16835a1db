import { canonicalUrl, type TrustCenter } from "../config/trust-schema.ts";
import { SecmetricsError } from "../model/errors.ts";

const DAY_MS = 86_400_000;
/** RFC 9116 §2.5.5: an Expires less than a year ahead, so a forgotten file lapses rather than misleads. */
const MAX_EXPIRES_AHEAD_MS = 365 * DAY_MS;

/** RFC 9116's date-time: second precision, in UTC. */
function rfc3339(at: number): string {
  return new Date(at).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * The `/.well-known/security.txt` of a trust file (RFC 9116): the fields in
 * the RFC's order of importance, each on its own line, CRLF-free UTF-8 text.
 */
export function securityTxt(trust: TrustCenter): string {
  const fields = trust.security_txt;
  const lines = [
    `# Security contact of ${oneLine(trust.company)}; trust center: ${trust.url}`,
    ...fields.contact.map((contact) => `Contact: ${contact}`),
    `Expires: ${rfc3339(fields.expires)}`,
    ...(fields.encryption ? [`Encryption: ${fields.encryption}`] : []),
    ...(fields.acknowledgments ? [`Acknowledgments: ${fields.acknowledgments}`] : []),
    ...(fields.preferred_languages?.length
      ? [`Preferred-Languages: ${fields.preferred_languages.join(", ")}`]
      : []),
    `Canonical: ${canonicalUrl(trust)}`,
    ...(fields.policy ? [`Policy: ${fields.policy}`] : []),
    ...(fields.hiring ? [`Hiring: ${fields.hiring}`] : []),
  ];
  return `${lines.join("\n")}\n`;
}

/**
 * Refuses to publish a security.txt that has expired or expires more than a
 * year after `now`: the RFC tells readers to distrust both.
 */
export function checkSecurityTxtExpiry(trust: TrustCenter, now: number): void {
  const expires = trust.security_txt.expires;
  if (expires <= now)
    throw new SecmetricsError(
      "invalid_config",
      `security_txt.expires: ${rfc3339(expires)} has passed`,
      "set a date less than a year ahead and build again",
    );
  if (expires - now > MAX_EXPIRES_AHEAD_MS)
    throw new SecmetricsError(
      "invalid_config",
      `security_txt.expires: ${rfc3339(expires)} is more than a year ahead (RFC 9116 §2.5.5)`,
      "set a date less than a year ahead",
    );
}

/** A comment line must stay one line: a newline in the company name would start a field. */
function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, " ");
}
