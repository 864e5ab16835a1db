import { randomUUID } from "node:crypto";
import { getConnInfo } from "@hono/node-server/conninfo";
import { Hono, type MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { authenticate, csrfProtection, isApiPath, requireLogin, requireRole } from "./auth.ts";
import { type AppContext, type AppEnv, actorName } from "./context.ts";
import { describeError, HttpError } from "./http-error.ts";
import { requestDeadline } from "./request-deadline.ts";
import { adminRoutes } from "./routes/admin.ts";
import { apiRoutes } from "./routes/api.ts";
import { assetPageRoutes } from "./routes/assets.ts";
import { assetApiRoutes } from "./routes/assets-api.ts";
import { exceptionPageRoutes } from "./routes/exceptions.ts";
import { exceptionApiRoutes } from "./routes/exceptions-api.ts";
import { maturityPageRoutes } from "./routes/maturity.ts";
import { pageRoutes } from "./routes/pages.ts";
import { recommendationPageRoutes } from "./routes/recommendations.ts";
import { sessionRoutes } from "./routes/session.ts";
import { isPublicTrustPath, loggablePath, trustRoutes } from "./routes/trust.ts";
import { web3PageRoutes } from "./routes/web3.ts";
import { web3ApiRoutes } from "./routes/web3-api.ts";
import { securityHeaders } from "./security-headers.ts";
import { createServices, type ServerDeps } from "./services.ts";
import { page } from "./views/layout.ts";
import { errorBody } from "./views/pages.ts";
import { APP_CSS } from "./views/style.ts";

export type { ServerDeps } from "./services.ts";

/** Reachable without logging in: liveness, the login form and its stylesheet. */
const PUBLIC_PATHS = new Set(["/healthz", "/login", "/static/app.css"]);
const IMPORT_PATHS = new Set(["/api/v1/imports", "/imports"]);
/** Bodies of forms other than imports: a login or a password change is tiny. */
const FORM_BODY_LIMIT = 64 * 1024;

/**
 * The dashboard, the JSON API and the Prometheus endpoint as one Hono app.
 * Tests call `app.request(...)`; `startServer` puts it on a port.
 */
export function createServer(deps: ServerDeps): Hono<AppEnv> {
  const services = createServices(deps);
  const app = new Hono<AppEnv>();

  app.use("*", requestContext(deps));
  app.use("*", securityHeaders());
  app.use("*", requestDeadline(deps.requestTimeoutMs ?? 30_000));
  app.get("/healthz", (c) => c.json({ status: "ok" }));
  app.get("/static/app.css", (c) => c.body(APP_CSS, 200, { "Content-Type": "text/css; charset=utf-8" }));

  app.use("*", authenticate(deps.auth, services.now));
  app.use("*", async (c, next) => {
    if (PUBLIC_PATHS.has(c.req.path) || isPublicTrustPath(c.req.path)) return next();
    return requireLogin()(c, next);
  });
  // Role before body: a viewer's 50 MB upload is refused before it is read.
  app.use("*", async (c, next) => {
    if (c.req.method !== "POST" || !IMPORT_PATHS.has(c.req.path)) return next();
    return requireRole("editor")(c, next);
  });
  app.use("*", async (c, next) => {
    if (c.req.method === "GET" || c.req.method === "HEAD") return next();
    const imports = IMPORT_PATHS.has(c.req.path);
    const maxSize = imports ? services.maxImportBytes : FORM_BODY_LIMIT;
    return bodyLimit({
      maxSize,
      onError: () => {
        throw new HttpError(
          "payload_too_large",
          imports
            ? `the file is over the server's import limit of ${Math.round(maxSize / 1024 / 1024)} MiB`
            : "request body too large",
          imports ? "split it, or start the server with a larger --max-import-mb" : undefined,
        );
      },
    })(c, next);
  });
  app.use("*", async (c, next) => {
    // The trust center's request form is anonymous: its route checks the Origin itself.
    if (PUBLIC_PATHS.has(c.req.path) || isPublicTrustPath(c.req.path)) return next();
    return csrfProtection()(c, next);
  });

  app.route("/", sessionRoutes(services));
  app.route("/", apiRoutes(services));
  app.route("/", exceptionApiRoutes(services));
  app.route("/", exceptionPageRoutes(services));
  app.route("/", recommendationPageRoutes(services));
  app.route("/", assetApiRoutes(services));
  app.route("/", assetPageRoutes(services));
  app.route("/", web3ApiRoutes(services));
  app.route("/", web3PageRoutes(services));
  app.route("/", maturityPageRoutes(services));
  app.route("/", pageRoutes(services));
  app.route("/", adminRoutes(services));
  app.route("/", trustRoutes(services));

  app.notFound((c) => respondError(c, new HttpErrorNotFound(), deps));
  app.onError((error, c) => respondError(c, error, deps));
  return app;
}

class HttpErrorNotFound extends Error {}

function respondError(c: AppContext, error: unknown, deps: ServerDeps): Response {
  if (error instanceof HttpErrorNotFound) {
    const message = `nothing at ${c.req.path}`;
    return isApiPath(c.req.path)
      ? c.json({ error: { code: "not_found", message } }, 404)
      : c.html(page(errorFrame(c, "Not found", deps), errorBody(404, message)), 404);
  }
  const { status, body, internal, retryAfter } = describeError(error);
  const log = c.get("log");
  if (internal) log.error({ err: error }, "request failed");
  else log.info({ code: body.error.code, status }, "request refused");
  if (retryAfter !== undefined) c.header("Retry-After", String(retryAfter));
  if (isApiPath(c.req.path) || !(c.req.header("accept") ?? "").includes("text/html"))
    return c.json(body, status);
  return c.html(
    page(errorFrame(c, "Error", deps), errorBody(status, body.error.message, body.error.hint)),
    status,
  );
}

function errorFrame(c: AppContext, title: string, deps: ServerDeps) {
  return {
    title,
    path: c.req.path,
    principal: c.get("principal"),
    period: null,
    config: deps.config,
    now: Date.now(),
  };
}

/** Sets the client address, TLS state, request id and a child logger, and logs each request once. */
function requestContext(deps: ServerDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    const requestId = randomUUID();
    const forwarded = deps.trustProxy ? c.req.header("x-forwarded-for") : undefined;
    const proto = deps.trustProxy ? c.req.header("x-forwarded-proto") : undefined;
    c.set("requestId", requestId);
    c.set("clientIp", forwarded?.split(",").at(-1)?.trim() || remoteAddress(c) || "unknown");
    c.set("https", deps.tls === true || proto?.split(",")[0]?.trim().toLowerCase() === "https");
    const log = deps.logger.child({ requestId });
    c.set("log", log);
    c.set("principal", undefined);
    await next();
    log.info(
      {
        method: c.req.method,
        path: loggablePath(c.req.path),
        status: c.res.status,
        ms: Math.round((performance.now() - started) * 10) / 10,
        user: actorName(c.get("principal")),
        ip: c.get("clientIp"),
      },
      "request",
    );
  };
}

function remoteAddress(c: AppContext): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    // In-process requests (`app.request`) have no socket.
    return undefined;
  }
}
