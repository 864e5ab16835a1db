import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./context.ts";

/**
 * The dashboard runs no JavaScript at all, so scripts are simply forbidden
 * (`script-src 'none'`): no nonce to manage, and a missed escape cannot run
 * code. Styles come from /static only, images are the inline SVG charts.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'none'",
  "style-src 'self'",
  "img-src 'self' data:",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join("; ");

/**
 * The self-contained report HTML carries its own inline CSS (the file the CLI
 * writes, byte for byte): it gets its own policy, still without any script.
 */
export const REPORT_CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** OWASP Secure Headers Project's recommended Permissions-Policy: every powerful feature off. */
const PERMISSIONS_POLICY =
  "accelerometer=(), autoplay=(), camera=(), cross-origin-isolated=(), display-capture=(), encrypted-media=(), fullscreen=(), geolocation=(), gyroscope=(), keyboard-map=(), magnetometer=(), microphone=(), midi=(), payment=(), picture-in-picture=(), publickey-credentials-get=(), screen-wake-lock=(), sync-xhr=(self), usb=(), web-share=(), xr-spatial-tracking=(), clipboard-read=(), clipboard-write=(), gamepad=(), hid=(), idle-detection=(), interest-cohort=(), serial=(), unload=()";

const FIXED_HEADERS: Record<string, string> = {
  "Cache-Control": "no-store, max-age=0",
  "Cross-Origin-Embedder-Policy": "require-corp",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Resource-Policy": "same-origin",
  "Permissions-Policy": PERMISSIONS_POLICY,
  "Referrer-Policy": "no-referrer",
  "X-Content-Type-Options": "nosniff",
  "X-DNS-Prefetch-Control": "off",
  "X-Frame-Options": "DENY",
  "X-Permitted-Cross-Domain-Policies": "none",
};

/**
 * Every response, errors and 404s included, gets the headers OWASP's Secure
 * Headers Project recommends. HSTS only over TLS: browsers ignore it on
 * plain HTTP, and sending `upgrade-insecure-requests` there would break a
 * loopback or internal-network dashboard.
 */
export function securityHeaders(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const headers = c.res.headers;
    for (const [name, value] of Object.entries(FIXED_HEADERS)) headers.set(name, value);
    const https = c.get("https");
    if (!headers.has("Content-Security-Policy"))
      headers.set(
        "Content-Security-Policy",
        https ? `${CONTENT_SECURITY_POLICY}; upgrade-insecure-requests` : CONTENT_SECURITY_POLICY,
      );
    if (https) headers.set("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
    headers.delete("X-Powered-By");
    headers.delete("Server");
  };
}
