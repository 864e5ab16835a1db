/**
 * How the names of assets (ids, hostnames, IP addresses) are compared: an
 * inventory and a scanner rarely write one host the same way.
 */

const HOSTNAME = /^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/**
 * A name as compared: trimmed, lower case, trailing dots stripped
 * (`web-1.example.` is `web-1.example`), an IPv6 address in its canonical
 * short form (`2001:DB8:0::1` is `2001:db8::1`, brackets dropped); null when
 * nothing is left.
 */
export function normalizeName(name: string): string | null {
  let text = name.trim().toLowerCase().replace(/\.+$/, "");
  if (text.startsWith("[") && text.endsWith("]")) text = text.slice(1, -1);
  if (text.includes(":") && /^[0-9a-f:.]+$/.test(text)) text = canonicalIpv6(text) ?? text;
  return text === "" ? null : text;
}

function canonicalIpv6(address: string): string | null {
  try {
    return new URL(`http://[${address}]/`).hostname.slice(1, -1);
  } catch {
    return null;
  }
}

/** A DNS name of at least one label, not an IP address: the names short ↔ FQDN matching applies to. */
function isHostname(name: string): boolean {
  return HOSTNAME.test(name) && !IPV4.test(name);
}

/** `web-1` for `web-1.prod.example`; null for a name of one label or one that is no hostname. */
export function shortName(name: string): string | null {
  if (!isHostname(name) || !name.includes(".")) return null;
  return name.slice(0, name.indexOf("."));
}

/** A name of one label that could be a host's short name (`web-1`), not an IP or an id with dots. */
export function isShortName(name: string): boolean {
  return isHostname(name) && !name.includes(".");
}

/**
 * The host a scan target names: a URL's host (`https://app.example/login`
 * is `app.example`), an image reference without its tag or digest
 * (`registry.example/api:1.2` is `registry.example/api`), else the target.
 */
export function scanTargetName(target: string): string {
  if (target.includes("://")) {
    try {
      return new URL(target).hostname;
    } catch {
      return target;
    }
  }
  const withoutDigest = target.replace(/@sha256:[0-9a-f]+$/i, "");
  const slash = withoutDigest.lastIndexOf("/");
  const colon = withoutDigest.lastIndexOf(":");
  return slash >= 0 && colon > slash ? withoutDigest.slice(0, colon) : withoutDigest;
}
