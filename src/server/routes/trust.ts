import { readFile } from "node:fs/promises";
import { basename, extname } from "node:path";
import { Hono } from "hono";
import { trustCenterView } from "../../app/trust-center.ts";
import { FixedWindowCounter } from "../../auth/rate-limit.ts";
import { hasRole } from "../../auth/roles.ts";
import { generateSecret, sha256 } from "../../auth/secrets.ts";
import type { LoadedTrust } from "../../config/trust-load.ts";
import type { TrustDocument } from "../../config/trust-schema.ts";
import { SecmetricsError } from "../../model/errors.ts";
import { expiredSecurityTxtNotice, securityTxt } from "../../report/security-txt.ts";
import { createTrustAccessStore } from "../../store/trust-access-store.ts";
import { checkOrigin, requireRole } from "../auth.ts";
import { type AppContext, type AppEnv, actorName } from "../context.ts";
import { readForm } from "../form-body.ts";
import type { Services } from "../services.ts";
import { documentPath } from "../trust-site.ts";
import { page } from "../views/layout.ts";
import { grantPage, type TrustFlash, type TrustLinks, trustPage } from "../views/trust.ts";
import { type TrustRequestsView, trustRequestsBody } from "../views/trust-requests.ts";
import { TRUST_CSS } from "../views/trust-style.ts";

const DAY_MS = 86_400_000;
/** Access requests one address may send an hour: enough for a person who mistyped, too few to flood editors. */
const ACCESS_REQUESTS_PER_HOUR = 5;
const HOUR_MS = 3_600_000;
const SECURITY_TXT_PATH = "/.well-known/security.txt";
const ACCESS_LINK = /^\/trust\/access\/[^/]+/;

/**
 * The pages anyone may reach without logging in: the trust center, its
 * stylesheet, security.txt, public documents, the request form's target and
 * the access links (each checks its own grant). The editors' pages are not.
 */
export function isPublicTrustPath(path: string): boolean {
  return (
    path === SECURITY_TXT_PATH ||
    path === "/trust" ||
    path === "/trust/trust.css" ||
    path === "/trust/access-requests" ||
    path.startsWith("/trust/documents/") ||
    ACCESS_LINK.test(path)
  );
}

/** A request path as the log may keep it: an access link's token is a credential. */
export function loggablePath(path: string): string {
  return path.replace(ACCESS_LINK, "/trust/access/[token]");
}

const SERVER_LINKS: TrustLinks = {
  css: "/trust/trust.css",
  securityTxt: SECURITY_TXT_PATH,
  document: (document) => `/trust/documents/${document.id}`,
  requestAccess: "/trust/access-requests",
};

const CONTENT_TYPES: Record<string, string> = {
  ".pdf": "application/pdf",
  ".txt": "text/plain; charset=utf-8",
  ".md": "text/markdown; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".json": "application/json",
  ".zip": "application/zip",
  ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

const NO_LINK = "this access link does not work: it is unknown, expired or revoked";

/**
 * The public trust center at /trust and /.well-known/security.txt, and the
 * NDA flow: a request (with the NDA accepted), an editor's approval, a
 * personal link. No NDA or private document is served without a live grant,
 * and private ones never: each route looks the document up by the
 * visibility it serves, so another id is simply not found.
 */
export function trustRoutes(services: Services): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const access = createTrustAccessStore(services.store);
  const requestsByAddress = new FixedWindowCounter(HOUR_MS);
  const loaded = (): LoadedTrust => {
    const trust = services.deps.trust;
    if (!trust)
      throw new SecmetricsError(
        "not_found",
        "no trust center is configured",
        "put a trust.yaml beside the config, or start the server with --trust FILE",
      );
    return trust;
  };
  const zone = services.config.timezone;

  const home = async (c: AppContext, flash?: TrustFlash, status: 200 | 400 | 429 = 200) => {
    const { trust } = loaded();
    const view = trustCenterView(trust, await services.kpis.kpis(), services.now());
    return c.html(trustPage(view, SERVER_LINKS, zone, flash), status);
  };

  routes.get("/trust", (c) =>
    home(
      c,
      c.req.query("requested") === "1"
        ? { ok: true, message: "Request received: we will email you a link once it is approved." }
        : undefined,
    ),
  );
  routes.get("/trust/trust.css", (c) =>
    c.body(TRUST_CSS, 200, { "Content-Type": "text/css; charset=utf-8" }),
  );
  routes.get(SECURITY_TXT_PATH, (c) => {
    const { trust } = loaded();
    const headers = { "Content-Type": "text/plain; charset=utf-8" };
    if (trust.security_txt.expires > services.now()) return c.body(securityTxt(trust), 200, headers);
    c.get("log").warn(
      { expires: new Date(trust.security_txt.expires).toISOString() },
      "security.txt has expired: not served; set security_txt.expires in the trust file",
    );
    return c.body(expiredSecurityTxtNotice(trust), 404, headers);
  });
  routes.get("/trust/documents/:id", (c) => serveDocument(c, loaded(), c.req.param("id"), "public"));

  routes.post("/trust/access-requests", async (c) => {
    checkOrigin(c);
    const { trust } = loaded();
    if (!trust.documents.some((document) => document.visibility === "nda"))
      throw new SecmetricsError("not_found", "no document is shared under NDA");
    const address = c.get("clientIp");
    const wait = requestsByAddress.wait(address, ACCESS_REQUESTS_PER_HOUR, services.now());
    if (wait > 0) {
      c.header("Retry-After", String(Math.ceil(wait / 1000)));
      const minutes = Math.ceil(wait / 60_000);
      return home(
        c,
        {
          ok: false,
          message: `Request not sent: too many requests from your address; try again in ${minutes} min.`,
        },
        429,
      );
    }
    requestsByAddress.add(address, services.now());
    const form = await readForm(c);
    const field = (name: string, max: number) => {
      const value = form[name];
      return typeof value === "string" && value.trim().length > 0 && value.length <= max
        ? value.trim()
        : null;
    };
    const company = field("company", 200);
    const email = field("email", 254);
    const purpose = field("purpose", 2000);
    const problem =
      company === null || purpose === null
        ? "give your company and the purpose of the request"
        : email === null || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)
          ? "give a valid work email"
          : form.accept_nda !== "yes"
            ? "accept the terms to request NDA documents"
            : null;
    if (problem !== null || company === null || email === null || purpose === null)
      return home(c, { ok: false, message: `Request not sent: ${problem}.` }, 400);
    const now = services.now();
    await access.addRequest({
      company,
      email,
      purpose,
      requested_at: now,
      nda_accepted_at: now,
      nda_accepted_ip: c.get("clientIp"),
    });
    return c.redirect("/trust?requested=1#documents", 303);
  });

  routes.get("/trust/access/:token", async (c) => {
    const { trust } = loaded();
    const live = await access.liveGrant(sha256(c.req.param("token")), services.now());
    if (!live) throw new SecmetricsError("not_found", NO_LINK, "ask for a new link");
    const token = c.req.param("token");
    return c.html(
      grantPage(
        {
          trust,
          company: live.request.company,
          expires_at: live.grant.expires_at,
          documents: trust.documents.filter((document) => document.visibility === "nda"),
        },
        {
          css: "/trust/trust.css",
          home: "/trust",
          document: (document) => `/trust/access/${encodeURIComponent(token)}/documents/${document.id}`,
        },
        zone,
      ),
    );
  });

  routes.get("/trust/access/:token/documents/:id", async (c) => {
    const now = services.now();
    const live = await access.liveGrant(sha256(c.req.param("token")), now);
    if (!live) throw new SecmetricsError("not_found", NO_LINK, "ask for a new link");
    const response = await serveDocument(c, loaded(), c.req.param("id"), "nda");
    await access.recordDownload({
      grant_id: live.grant.id,
      document: c.req.param("id"),
      at: now,
      ip: c.get("clientIp"),
    });
    return response;
  });

  // The staff's side, behind the login like the rest of the dashboard: everyone reads it, editors decide.
  routes.post("/trust/requests/*", requireRole("editor"));
  routes.post("/trust/grants/*", requireRole("editor"));

  const requestsPage = async (c: AppContext, flash?: TrustRequestsView["flash"], status: 200 | 201 = 200) => {
    const now = services.now();
    const principal = c.get("principal");
    const body = trustRequestsBody({
      requests: await access.requests(),
      downloads: await access.downloads(100),
      principal,
      canEdit: principal !== undefined && hasRole(principal.role, "editor"),
      now,
      timezone: zone,
      linkDays: loaded().trust.nda.link_days,
      ...(flash ? { flash } : {}),
    });
    const frame = {
      title: "Trust center access",
      path: "/trust/requests",
      principal,
      period: null,
      config: services.config,
      now,
    };
    return c.html(page(frame, body), status);
  };

  routes.get("/trust/requests", (c) => requestsPage(c));

  routes.post("/trust/requests/:id/approve", async (c) => {
    const id = requestId(c.req.param("id"));
    const { trust } = loaded();
    const now = services.now();
    const token = generateSecret();
    const expires_at = now + trust.nda.link_days * DAY_MS;
    const by = actorName(c.get("principal"));
    await access.approve(id, { token_hash: sha256(token), by, now, expires_at }, (grantId) =>
      services.auditEntry(c, {
        action: "trust.access.approve",
        target: `access-request:${id}`,
        detail: { grant: grantId, expires_at: new Date(expires_at).toISOString() },
      }),
    );
    const link = `${new URL(c.req.url).origin}/trust/access/${token}`;
    return requestsPage(c, { ok: true, message: `Request ${id} approved.`, link }, 201);
  });

  routes.post("/trust/requests/:id/reject", async (c) => {
    const id = requestId(c.req.param("id"));
    const entry = services.auditEntry(c, {
      action: "trust.access.reject",
      target: `access-request:${id}`,
      detail: null,
    });
    await access.reject(id, { by: entry.actor, now: entry.at }, entry);
    return requestsPage(c, { ok: true, message: `Request ${id} rejected.` });
  });

  routes.post("/trust/grants/:id/revoke", async (c) => {
    const id = requestId(c.req.param("id"));
    const entry = services.auditEntry(c, {
      action: "trust.access.revoke",
      target: `access-link:${id}`,
      detail: null,
    });
    await access.revoke(id, { by: entry.actor, now: entry.at }, entry);
    return requestsPage(c, { ok: true, message: `Link ${id} revoked.` });
  });

  return routes;
}

function requestId(text: string): number {
  if (!/^\d{1,9}$/.test(text)) throw new SecmetricsError("not_found", `no access request or link ${text}`);
  return Number(text);
}

/**
 * A document of the given visibility, as an attachment (never rendered in
 * the page's origin). An id of another visibility is not found, exactly as
 * an unknown one: the answer says nothing of what exists.
 */
async function serveDocument(
  c: AppContext,
  loaded: LoadedTrust,
  id: string,
  visibility: TrustDocument["visibility"],
): Promise<Response> {
  const document = loaded.trust.documents.find((d) => d.id === id && d.visibility === visibility);
  if (!document) throw new SecmetricsError("not_found", `no document ${id}`);
  let content: Buffer;
  try {
    content = await readFile(documentPath(loaded, document));
  } catch (error) {
    c.get("log").error({ err: error, document: document.id }, "trust document unreadable");
    throw new SecmetricsError("not_found", `document ${id} is missing on the server`);
  }
  const name = basename(document.file).replace(/[^\w.-]+/g, "_");
  return c.body(new Uint8Array(content), 200, {
    "Content-Type": CONTENT_TYPES[extname(name).toLowerCase()] ?? "application/octet-stream",
    "Content-Disposition": `attachment; filename="${name}"`,
  });
}
