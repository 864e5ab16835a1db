/**
 * TLS protocol names as logs write them (`TLSv1.2` in nginx's
 * `$ssl_protocol`, `TLSv12` in Zeek, `1.2` or `TLS 1.2` in OCSF producers)
 * brought to nginx/OpenSSL spelling, which the probe and the config use too.
 */
export const TLS_PROTOCOLS = ["SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"] as const;
export type TlsProtocol = (typeof TLS_PROTOCOLS)[number];

/** The versions the TLS probe can offer (Node's OpenSSL has no SSL), so the ones a minimum may name. */
export const TLS_VERSIONS = ["TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"] as const;
export type TlsVersion = (typeof TLS_VERSIONS)[number];

/** The protocol a log names, or null when it is not one (e.g. `-`, `h2`). */
export function normalizeTlsProtocol(text: string): TlsProtocol | null {
  const m = /^\s*(?:(SSL|TLS)\s*v?\s*)?(\d)(?:\.?(\d))?\s*$/i.exec(text);
  if (!m) return null;
  const family = (m[1] ?? "TLS").toUpperCase();
  const major = Number(m[2]);
  const minor = m[3] === undefined ? 0 : Number(m[3]);
  if (family === "SSL") return major === 2 || major === 3 ? (`SSLv${major}` as TlsProtocol) : null;
  if (major !== 1 || minor > 3) return null;
  return minor === 0 ? "TLSv1" : (`TLSv1.${minor}` as TlsProtocol);
}

/** True when `protocol` is an older protocol than `minimum` (both as `normalizeTlsProtocol` returns them). */
export function isBelowMinimum(protocol: string, minimum: string): boolean {
  const rank = TLS_PROTOCOLS.indexOf(protocol as TlsProtocol);
  const floor = TLS_PROTOCOLS.indexOf(minimum as TlsProtocol);
  return rank >= 0 && floor >= 0 && rank < floor;
}

export const DEFAULT_MINIMUM_TLS: TlsProtocol = "TLSv1.2";
