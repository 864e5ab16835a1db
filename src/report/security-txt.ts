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

/** How soon before Expires `trust build` warns: a month leaves time to renew before readers stop trusting it. */
export const SECURITY_TXT_RENEWAL_DAYS = 30;

/** Whole days until the security.txt expires, when that is within the renewal window; null otherwise. */
export function securityTxtExpiresSoon(trust: TrustCenter, now: number): number | null {
  const left = trust.security_txt.expires - now;
  return left > 0 && left <= SECURITY_TXT_RENEWAL_DAYS * DAY_MS ? Math.floor(left / DAY_MS) : null;
}

/**
 * What the server says instead of an expired security.txt. RFC 9116 §2.5.5
 * calls its content stale once Expires has passed and tells readers not to
 * use it, so the server does not publish it: a 404 whose plain text says
 * why and where the trust center is, never a stale contact.
 */
export function expiredSecurityTxtNotice(trust: TrustCenter): string {
  return [
    `The security.txt of ${oneLine(trust.company)} expired on ${rfc3339(trust.security_txt.expires)} and is not served (RFC 9116 §2.5.5: an expired file should not be trusted).`,
    `See the trust center for how to reach the security team: ${trust.url}`,
    "",
  ].join("\n");
}

/** A comment line must stay one line: a newline in the company name would start a field. */
function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, " ");
}
