import type { MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { hasRole } from "../auth/roles.ts";
import { generateSecret, safeEqual, sha256 } from "../auth/secrets.ts";
import type { Role } from "../model/role.ts";
import type { AuthStore, NewAuditEntry } from "../store/auth-store.ts";
import type { AppContext, AppEnv, Principal } from "./context.ts";
import { readForm } from "./form-body.ts";
import { HttpError } from "./http-error.ts";
import { passwordPath, safeNext } from "./redirects.ts";

/** Absolute session lifetime: a working day, then log in again. */
export const SESSION_MS = 12 * 3600_000;

/** `__Host-` makes the browser refuse the cookie unless Secure, path / and no Domain. */
export function sessionCookieName(https: boolean): string {
  return https ? "__Host-secmetrics_session" : "secmetrics_session";
}

export function isApiPath(path: string): boolean {
  return path.startsWith("/api/") || path === "/metrics";
}

/**
 * Opens a session for a user who just logged in, with `login` as its audit
 * entry in the same transaction; the cookie is set only once both are stored.
 */
export async function startSession(c: AppContext, auth: AuthStore, userId: number, login: NewAuditEntry) {
  const token = generateSecret();
  const https = c.get("https");
  const now = login.at;
  await auth.audited(
    (tx) =>
      tx.createSession({
        token_hash: sha256(token),
        user_id: userId,
        csrf_token: generateSecret(),
        now,
        expires_at: now + SESSION_MS,
      }),
    () => [login],
  );
  setCookie(c, sessionCookieName(https), token, {
    httpOnly: true,
    sameSite: "Lax",
    secure: https,
    path: "/",
    maxAge: SESSION_MS / 1000,
  });
}

export function clearSessionCookie(c: AppContext): void {
  const https = c.get("https");
  deleteCookie(c, sessionCookieName(https), { path: "/", secure: https, httpOnly: true, sameSite: "Lax" });
}

/**
 * Resolves the principal of a request: `Authorization: Bearer` for machines,
 * else the session cookie. Tokens are never read from the query string (it
 * ends up in logs and browser history).
 */
export function authenticate(auth: AuthStore, now: () => number): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header("authorization");
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      const token = match?.[1] ? await auth.useToken(sha256(match[1]), now()) : undefined;
      if (!token)
        throw new HttpError(
          "unauthenticated",
          "the bearer token is unknown or revoked",
          "`secmetrics tokens create` makes a new one",
        );
      c.set("principal", { kind: "token", name: token.name, role: token.role, token });
      return next();
    }
    const cookie = getCookie(c, sessionCookieName(c.get("https")));
    if (cookie) {
      const sessionHash = sha256(cookie);
      const session = await auth.findSession(sessionHash, now());
      if (session)
        c.set("principal", {
          kind: "session",
          name: session.user.name,
          role: session.user.role,
          session,
          sessionHash,
        });
    }
    return next();
  };
}

/** Everything behind this needs a principal; people are sent to the login page. */
export function requireLogin(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const principal = c.get("principal");
    if (!principal) {
      if (isApiPath(c.req.path) || !(c.req.header("accept") ?? "").includes("text/html")) {
        c.header("WWW-Authenticate", 'Bearer realm="secmetrics"');
        throw new HttpError(
          "unauthenticated",
          "authentication required: send Authorization: Bearer <token>, or log in",
        );
      }
      const next = `${c.req.path}${new URL(c.req.url).search}`;
      return c.redirect(`/login?next=${encodeURIComponent(next)}`, 303);
    }
    if (
      principal.kind === "session" &&
      principal.session.user.must_change_password &&
      c.req.path !== "/account/password" &&
      c.req.path !== "/logout"
    ) {
      if (isApiPath(c.req.path))
        throw new HttpError("password_change_required", "change the one-time password first");
      return c.redirect(passwordPath(safeNext(`${c.req.path}${new URL(c.req.url).search}`)), 303);
    }
    return next();
  };
}

export function requireRole(role: Role): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const principal = c.get("principal") as Principal;
    if (!hasRole(principal.role, role))
      throw new HttpError(
        "forbidden",
        `this needs the ${role} role; ${principal.name} is a ${principal.role}`,
      );
    return next();
  };
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * CSRF defence for cookie-authenticated state changes (bearer tokens are not
 * sent by browsers on their own, so they need none): the Origin header, when
 * the browser sends it, must be this server, and the session's CSRF token
 * must come back in the `_csrf` form field or the `X-CSRF-Token` header.
 * SameSite=Lax on the cookie is a third layer, not the only one.
 */
export function csrfProtection(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const principal = c.get("principal");
    if (SAFE_METHODS.has(c.req.method) || principal?.kind !== "session") return next();
    checkOrigin(c);
    const sent = c.req.header("x-csrf-token") ?? (await formField(c, "_csrf"));
    if (!sent || !safeEqual(sent, principal.session.csrf_token))
      throw new HttpError(
        "csrf",
        "the form is out of date or was not sent by this site; reload and try again",
      );
    return next();
  };
}

/**
 * Refuses requests a browser marks as cross-site: `Sec-Fetch-Site:
 * cross-site`, or an Origin naming another host. `Origin: null` is not a
 * refusal: with `Referrer-Policy: no-referrer` browsers send exactly that on
 * their own same-origin form posts, and the CSRF token decides then.
 */
export function checkOrigin(c: AppContext): void {
  if (c.req.header("sec-fetch-site") === "cross-site")
    throw new HttpError("csrf", "cross-site request refused");
  const origin = c.req.header("origin");
  if (origin === undefined || origin === "null") return;
  const host = c.req.header("host") ?? new URL(c.req.url).host;
  let actual: URL;
  try {
    actual = new URL(origin);
  } catch {
    throw new HttpError("csrf", "cross-site request refused");
  }
  if (actual.host !== host) throw new HttpError("csrf", "cross-site request refused");
}

/** A field of a urlencoded or multipart body (Hono caches the parsed body for the handler). */
export async function formField(c: AppContext, name: string): Promise<string | undefined> {
  const type = c.req.header("content-type") ?? "";
  if (!type.startsWith("application/x-www-form-urlencoded") && !type.startsWith("multipart/form-data"))
    return undefined;
  const value = (await readForm(c))[name];
  return typeof value === "string" ? value : undefined;
}
