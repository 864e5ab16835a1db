import { Hono } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { MIN_PASSWORD_LENGTH } from "../../auth/accounts.ts";
import {
  DUMMY_HASH_PROMISE,
  generateSecret,
  hashPassword,
  safeEqual,
  verifyPassword,
} from "../../auth/secrets.ts";
import { checkOrigin, clearSessionCookie, formField, startSession } from "../auth.ts";
import type { AppContext, AppEnv } from "../context.ts";
import { readForm } from "../form-body.ts";
import { HttpError } from "../http-error.ts";
import { passwordPath, safeNext } from "../redirects.ts";
import type { Services } from "../services.ts";
import { page } from "../views/layout.ts";
import { loginBody, passwordBody } from "../views/pages.ts";

const LOGIN_CSRF_COOKIE = "secmetrics_login";

/** Login, logout and password change. */
export function sessionRoutes(services: Services): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const { auth, limiter, now } = services;

  const frame = (c: AppContext, title: string) => ({
    title,
    path: c.req.path,
    principal: c.get("principal"),
    period: null,
    config: services.config,
    now: now(),
  });

  /**
   * The login form is protected against login CSRF (logging a victim into the
   * attacker's account) with a double-submit token: a random value in an
   * HttpOnly cookie that the form must echo.
   */
  const loginPage = (c: AppContext, status: 200 | 401 | 403 | 429, message?: string, name?: string) => {
    // Reused while it lives, so two tabs (or a favicon request) do not invalidate each other's form.
    const existing = getCookie(c, LOGIN_CSRF_COOKIE);
    const csrf = existing && /^[\w-]{43}$/.test(existing) ? existing : generateSecret();
    setCookie(c, LOGIN_CSRF_COOKIE, csrf, {
      httpOnly: true,
      sameSite: "Strict",
      secure: c.get("https"),
      path: "/login",
      maxAge: 3600,
    });
    const next = safeNext(c.req.query("next"));
    return c.html(page(frame(c, "Log in"), loginBody({ csrf, next, message, name })), status);
  };

  routes.get("/login", (c) => {
    if (c.get("principal")) return c.redirect(safeNext(c.req.query("next")), 303);
    return loginPage(c, 200);
  });

  routes.post("/login", async (c) => {
    checkOrigin(c);
    const body = await readForm(c);
    const field = (key: string) => (typeof body[key] === "string" ? (body[key] as string) : "");
    const cookie = getCookie(c, LOGIN_CSRF_COOKIE);
    if (!cookie || !safeEqual(cookie, field("_csrf")))
      return loginPage(c, 403, "The login form expired; please try again.");
    const name = field("name").trim().slice(0, 64);
    const password = field("password");
    const ip = c.get("clientIp");
    const wait = limiter.retryAfter(ip, name, now());
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      c.header("Retry-After", String(seconds));
      await services.audit(c, {
        actor: "anonymous",
        action: "login.rate_limited",
        target: name,
        detail: null,
      });
      return loginPage(c, 429, `Too many failed logins. Try again in ${Math.ceil(seconds / 60)} min.`, name);
    }
    const user = name === "" ? undefined : await auth.findUser(name);
    // Verify against a dummy hash for unknown names, so timing does not tell which names exist.
    const ok = await verifyPassword(password, user?.password_hash ?? (await DUMMY_HASH_PROMISE));
    if (!user || !ok) {
      limiter.fail(ip, name, now());
      await services.audit(c, {
        actor: "anonymous",
        action: "login.failed",
        target: user ? user.name : "(unknown user)",
        detail: null,
      });
      return loginPage(c, 401, "Wrong user name or password.", name);
    }
    // Where to go is settled before the login is, so that nothing can fail after it is audited.
    // The page asked for (a shared link with its ?period=) survives the forced password change.
    const next = safeNext(field("next"));
    const destination = user.must_change_password ? passwordPath(next) : next;
    limiter.succeed(ip, name);
    const login = services.auditEntry(c, { actor: user.name, action: "login", target: null, detail: null });
    await startSession(c, auth, user.id, login);
    setCookie(c, LOGIN_CSRF_COOKIE, "", { path: "/login", maxAge: 0 });
    return c.redirect(destination, 303);
  });

  routes.post("/logout", async (c) => {
    const principal = c.get("principal");
    if (principal?.kind === "session") {
      const logout = services.auditEntry(c, { action: "logout", target: null, detail: null });
      await auth.audited(
        (tx) => tx.deleteSession(principal.sessionHash),
        () => [logout],
      );
    }
    clearSessionCookie(c);
    c.header("Clear-Site-Data", '"cache", "cookies", "storage"');
    return c.redirect("/login", 303);
  });

  routes.get("/account/password", (c) => {
    const principal = c.get("principal");
    if (principal?.kind !== "session")
      throw new HttpError("forbidden", "tokens have no password; `secmetrics tokens` manages them");
    return c.html(
      page(
        frame(c, "Change password"),
        passwordBody(principal, {
          forced: principal.session.user.must_change_password,
          next: safeNext(c.req.query("next")),
        }),
      ),
    );
  });

  routes.post("/account/password", async (c) => {
    const principal = c.get("principal");
    if (principal?.kind !== "session")
      throw new HttpError("forbidden", "tokens have no password; `secmetrics tokens` manages them");
    const forced = principal.session.user.must_change_password;
    const current = (await formField(c, "current")) ?? "";
    const next = (await formField(c, "new")) ?? "";
    const confirm = (await formField(c, "confirm")) ?? "";
    const after = safeNext(await formField(c, "next"));
    const fail = (message: string) =>
      c.html(
        page(frame(c, "Change password"), passwordBody(principal, { message, forced, next: after })),
        400,
      );
    const user = await auth.findUser(principal.name);
    if (!user || !(await verifyPassword(current, user.password_hash)))
      return fail("The current password is wrong.");
    if (next.length < MIN_PASSWORD_LENGTH) return fail(`Choose at least ${MIN_PASSWORD_LENGTH} characters.`);
    if (next !== confirm) return fail("The two new passwords differ.");
    if (next === current) return fail("Choose a password different from the current one.");
    const passwordHash = await hashPassword(next);
    const change = services.auditEntry(c, {
      action: "user.change_password",
      target: user.name,
      detail: null,
    });
    await auth.audited(
      async (tx) => {
        await tx.setPassword(user.id, passwordHash, false, change.at);
        await tx.deleteUserSessions(user.id, principal.sessionHash);
      },
      () => [change],
    );
    return c.redirect(after, 303);
  });

  return routes;
}
